package md.personas.narratives;

import java.util.ArrayList;
import java.util.List;
import md.personas.record.Narrative;
import md.personas.record.Persona;

/**
 * What every released record must pass, in both narrative modes and in {@code validate}: the
 * {@link NarrativeContract} (form: lengths, sentences, Romanian, gender, age, place, no URL or instruction) and the
 * {@link RecordCoherence} check (content: one life, agreeing with the record). Stateless after construction.
 */
public final class NarrativeCheck {

    private final NarrativeContract contract;
    private final RecordCoherence coherence;

    public NarrativeCheck(NarrativeContract contract, RecordCoherence coherence) {
        this.contract = contract;
        this.coherence = coherence;
    }

    /** The bundled contract and the coherence check. */
    public static NarrativeCheck load() {
        return new NarrativeCheck(NarrativeContract.load(), new RecordCoherence());
    }

    public NarrativeContract contract() {
        return contract;
    }

    /** Every violation, the contract's first; empty when the record may be released. */
    public List<ContractViolation> check(Persona p, Narrative n) {
        String[] lower = NarrativeFields.lowerTexts(n); // made once for both checks
        List<ContractViolation> out = new ArrayList<>(contract.check(p, n, lower));
        out.addAll(coherence.check(p, lower));
        return out;
    }
}
