package md.personas.narratives;

import java.util.Map;
import md.personas.census.CensusModel;
import md.personas.narratives.llm.LlmNarrativeWriter;
import md.personas.narratives.llm.LlmSettings;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import org.apache.pekko.actor.typed.ActorSystem;

/** The writers a run can choose ({@code --narratives}): the one place outside this package's writers that names them. */
public final class NarrativeWriters {

    /** {@code narrative_model} of the offline writer's records. */
    public static final String OFFLINE_MODEL = OfflineNarrativeWriter.MODEL;

    private NarrativeWriters() {
    }

    /** {@code --narratives offline}: the phrase-bank writer, no network. */
    public static NarrativeWriter offline(CensusModel model) {
        return new OfflineNarrativeWriter(model);
    }

    /** {@code --narratives none}: a structured-only dataset. */
    public static NarrativeWriter structuredOnly() {
        return new StructuredOnlyWriter();
    }

    /** {@code --narratives llm}: an OpenAI-compatible endpoint; the API key is read from {@code env}. */
    public static NarrativeWriter llm(ActorSystem<?> system, LlmSettings settings, CensusModel model,
                                      Map<String, String> env) {
        return LlmNarrativeWriter.create(system, settings, model, env);
    }
}
