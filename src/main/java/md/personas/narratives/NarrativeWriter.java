package md.personas.narratives;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.record.Persona;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Writes the narrative fields of one persona: the offline writer or an OpenAI-compatible LLM. The narrative stage
 * of the pipeline calls it through {@code mapAsyncUnordered(workers)}; an implementation may complete on any
 * thread and must never complete exceptionally for a persona-level failure (that is a
 * {@link NarrativeOutcome.Failed}).
 *
 * <p>A writer also says what the run needs to know about it, so no code outside this package names a concrete
 * writer: its stage, how the operator throttles it, its counters and why it stopped, if it did.
 */
public interface NarrativeWriter extends AutoCloseable {

    CompletionStage<NarrativeOutcome> write(Persona persona);

    /** {@code narrative_model} of the records this writer produces, e.g. {@code offline-writer/1}. */
    String model();

    /** {@code prompt_version} of the records, empty when no prompt is involved. */
    String promptVersion();

    /**
     * The narrate stage over this writer, at most {@code workers} personas in flight; by default the writer
     * computes on {@code pool}'s threads.
     */
    default Flow<Persona, NarrativeOutcome, NotUsed> stage(int workers, Executor pool) {
        return NarrativeStage.computing(this, workers, pool);
    }

    /**
     * How the operator tunes this writer while it runs ({@code POST /control/throttle}, the hot reload), workers
     * at most {@code ceiling}; by default there is nothing to throttle.
     */
    default ThrottleControl throttle(int ceiling) {
        return ThrottleControl.unavailable("offline narratives run unthrottled; the throttle applies to "
                + "--narratives llm");
    }

    /** The writer's counters now; empty for a writer with nothing to count. */
    default Optional<NarrativeStats> statistics() {
        return Optional.empty();
    }

    /** Why the writer stopped taking personas (the budget, a refused key), if it did. */
    default Optional<String> stopReason() {
        return Optional.empty();
    }

    /** The one line a run stopped by {@link #stopReason()} ends with. */
    default String closingLine() {
        return stopReason().orElse("narratives stopped");
    }

    @Override
    default void close() {
    }
}
