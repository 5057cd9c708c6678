package md.personas.narratives;

import java.util.Map;
import java.util.Optional;
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

    /** The writer of {@code mode}; {@code llm} is present for {@link NarrativeMode#LLM}. */
    public static NarrativeWriter create(NarrativeMode mode, ActorSystem<?> system, Optional<LlmSettings> llm,
                                         CensusModel model, Map<String, String> env) {
        return switch (mode) {
            case OFFLINE -> offline(model);
            case NONE -> structuredOnly();
            case LLM -> llm(system, llm.orElseThrow(), model, env);
        };
    }

    /** {@code narrative_model} of the records {@code mode} writes, known before any writer starts. */
    public static String model(NarrativeMode mode, Optional<LlmSettings> llm) {
        return switch (mode) {
            case OFFLINE -> OFFLINE_MODEL;
            case NONE -> "none";
            case LLM -> llm.orElseThrow().model();
        };
    }

    /** {@code prompt_version} of the records {@code mode} writes: empty without a prompt. */
    public static String promptVersion(NarrativeMode mode, Optional<LlmSettings> llm) {
        return mode == NarrativeMode.LLM ? llm.orElseThrow().promptVersion() : "";
    }
}
