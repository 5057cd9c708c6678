package md.personas.narratives;

import java.util.List;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;

/** How writing one persona's narrative ended. */
public sealed interface NarrativeOutcome {

    Persona persona();

    /** The narrative was written and complies with the narrative contract. */
    record Written(Persona persona, Narrative narrative) implements NarrativeOutcome {

        public PersonaRecord record() {
            return new PersonaRecord(persona, narrative);
        }
    }

    /**
     * Every attempt failed: the persona goes to the dead-letter file with the reason, and a later
     * {@code --resume} retries it. Never released.
     *
     * @param reason one line, e.g. "persona_summary: has 61 characters; the contract asks for 100-200"
     * @param violations the contract violations of the last attempt (empty for transport failures)
     */
    record Failed(Persona persona, String reason, int attempts, List<ContractViolation> violations)
            implements NarrativeOutcome {
    }
}
