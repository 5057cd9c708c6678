package md.personas.narratives;

import java.util.concurrent.CompletionStage;
import md.personas.record.Persona;

/**
 * Writes the narrative fields of one persona: the offline writer or an OpenAI-compatible LLM. The narrative stage
 * of the pipeline calls it through {@code mapAsyncUnordered(workers)}; an implementation may complete on any
 * thread and must never complete exceptionally for a persona-level failure (that is a
 * {@link NarrativeOutcome.Failed}).
 */
public interface NarrativeWriter extends AutoCloseable {

    CompletionStage<NarrativeOutcome> write(Persona persona);

    /** {@code narrative_model} of the records this writer produces, e.g. {@code offline-writer/1}. */
    String model();

    /** {@code prompt_version} of the records, empty when no prompt is involved. */
    String promptVersion();

    @Override
    default void close() {
    }
}
