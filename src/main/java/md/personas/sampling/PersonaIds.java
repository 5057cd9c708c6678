package md.personas.sampling;

import java.util.UUID;

/** The deterministic {@code uuid} of the persona at a given index of a run's accepted stream. */
public final class PersonaIds {

    private PersonaIds() {
    }

    /** A version-4-shaped UUID whose 122 random bits are a pure function of (seed, index). */
    public static String uuid(long seed, long index) {
        long key = CounterRandom.mix64(seed ^ 0x75756964L) ^ CounterRandom.mix64(index * 0x9E3779B97F4A7C15L + 7);
        long msb = CounterRandom.mix64(key + 1);
        long lsb = CounterRandom.mix64(key + 2);
        msb = (msb & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
