package md.personas.narratives;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import md.personas.record.Persona;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The narrate stage: {@code mapAsyncUnordered(workers)} over a {@link NarrativeWriter}. A writer that computes
 * (the offline writer) is run on the given executor so that the workers really run in parallel; a writer that
 * waits (the LLM client, whose throttles sit inside it) is called directly. Either way at most {@code workers}
 * personas are in flight, which is the stage's whole memory.
 */
public final class NarrativeStage {

    private NarrativeStage() {
    }

    /** For a writer that does its work on the calling thread. */
    public static Flow<Persona, NarrativeOutcome, NotUsed> computing(NarrativeWriter writer, int workers,
                                                                      Executor executor) {
        return Flow.<Persona>create().mapAsyncUnordered(workers, persona -> CompletableFuture
                .supplyAsync(() -> writer.write(persona), executor)
                .thenCompose(stage -> stage));
    }

    /** For a writer with nothing to do (structured only): no thread hop per persona. */
    public static Flow<Persona, NarrativeOutcome, NotUsed> immediate(NarrativeWriter writer) {
        return Flow.<Persona>create().map(persona -> writer.write(persona).toCompletableFuture().join());
    }

    /** For a writer that returns at once and completes later (network calls). */
    public static Flow<Persona, NarrativeOutcome, NotUsed> waiting(NarrativeWriter writer, int workers) {
        return Flow.<Persona>create().mapAsyncUnordered(workers, writer::write);
    }
}
