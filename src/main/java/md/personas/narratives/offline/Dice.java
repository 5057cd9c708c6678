package md.personas.narratives.offline;

import java.util.UUID;
import md.personas.record.Persona;
import md.personas.sampling.CounterRandom;

/**
 * The writer's randomness, taken from the persona itself: a key from the bits of its {@code uuid}, and a
 * {@link CounterRandom} word per draw. A dice is confined to one narrative being written (it counts its draws), so
 * nothing is shared between threads and the text is a pure function of the persona. Each field writes with its own
 * {@link #stream(int) stream}, so a change in how one field is written leaves the others as they were.
 */
final class Dice {

    private static final long STREAM_STEP = 0x632BE59BD9B4E019L;

    private final long key;
    private int slot;

    private Dice(long key) {
        this.key = key;
    }

    /** The dice of a persona: a pure function of its uuid (or, for a uuid that is not one, of the text). */
    static Dice of(Persona persona) {
        return of(persona, 0);
    }

    /**
     * The dice of draft {@code draft} of a persona's narrative: draft 0 is {@link #of(Persona)}; a later draft, asked
     * for only when an earlier one failed the check, rolls every choice anew, still as a pure function of the persona.
     */
    static Dice of(Persona persona, int draft) {
        long bits;
        try {
            UUID u = UUID.fromString(persona.uuid());
            bits = CounterRandom.mix64(u.getMostSignificantBits()) ^ u.getLeastSignificantBits();
        } catch (IllegalArgumentException | NullPointerException e) {
            bits = String.valueOf(persona.uuid()).hashCode() * 0x9E3779B97F4A7C15L + persona.index();
        }
        return new Dice(CounterRandom.mix64(draft == 0 ? bits : bits + STREAM_STEP * -draft));
    }

    /** An independent dice for one field or purpose of the same persona. */
    Dice stream(int stream) {
        return new Dice(CounterRandom.mix64(key + STREAM_STEP * (stream + 1)));
    }

    /** A uniform integer in [0, n). */
    int below(int n) {
        if (n <= 1) {
            slot++;
            return 0;
        }
        return CounterRandom.below(CounterRandom.word(key, slot++), n);
    }

    /** True with probability p. */
    boolean chance(double p) {
        return CounterRandom.uniform(CounterRandom.word(key, slot++)) < p;
    }

    /** A uniform integer in [low, high]. */
    int between(int low, int high) {
        return low + below(high - low + 1);
    }
}
