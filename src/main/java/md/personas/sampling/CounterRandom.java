package md.personas.sampling;

/**
 * Counter-based randomness: every random word is a pure function of (seed, proposal index, draw slot), a
 * SplitMix64 finaliser over the key. There is no generator state to share or advance, so any persona can be
 * sampled on any thread, in any order, with the same result; and each variable has its own slot, so a change
 * in how one variable is drawn does not shift the draws of another.
 */
public final class CounterRandom {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long SLOT_STEP = 0xD1B54A32D192ED03L;

    private CounterRandom() {
    }

    /** The key of one proposal's draws. */
    public static long key(long seed, long proposal) {
        return mix64(mix64(seed ^ 0x5DEECE66DL) + GOLDEN * (proposal + 1));
    }

    /** The random word of a draw slot under a key. */
    public static long word(long key, int slot) {
        return mix64(key + SLOT_STEP * (slot + 1));
    }

    /** A uniform double in [0, 1). */
    public static double uniform(long word) {
        return (word >>> 11) * 0x1.0p-53;
    }

    /** A uniform integer in [0, n) from the high bits of a word (multiply-shift, no modulo bias worth noting). */
    public static int below(long word, int n) {
        return (int) Math.multiplyHigh(word >>> 1, (long) n << 1);
    }

    /** SplitMix64's finaliser (Stafford variant 13). */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
