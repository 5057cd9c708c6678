package md.personas.narratives;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import md.personas.record.Narrative;
import md.personas.record.Persona;

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
}
