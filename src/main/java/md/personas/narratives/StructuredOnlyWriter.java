package md.personas.narratives;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/** {@code --narratives none}: no narrative, status {@code none}; a structured-only dataset. */
public final class StructuredOnlyWriter implements NarrativeWriter {

    @Override
    public CompletionStage<NarrativeOutcome> write(Persona persona) {
        return CompletableFuture.completedFuture(new NarrativeOutcome.Written(persona, Narrative.none()));
    }

    @Override
    public String model() {
        return "none";
    }

    @Override
    public String promptVersion() {
        return "";
    }

    /** Nothing to compute: no thread hop per persona. */
    @Override
    public Flow<Persona, NarrativeOutcome, NotUsed> stage(int workers, Executor pool) {
        return NarrativeStage.immediate(this);
    }
}
