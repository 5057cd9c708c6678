package md.personas.narratives;

import java.util.Map;

/**
 * A fixed map from lower-case words to values, looked up by a region of a text: the contract reads every word of
 * every record, and cutting each one out as a String to ask a HashMap cost more than the rest of its checks.
 * Open addressing over the words' own {@link String#hashCode()}, which a region's characters reproduce.
 */
final class WordTable<V> {

    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;

    WordTable(Map<String, V> entries) {
        int size = Integer.highestOneBit(Math.max(4, entries.size() * 3)) << 1; // at most 1/3 full
        keys = new String[size];
        hashes = new int[size];
        values = new Object[size];
        mask = size - 1;
        entries.forEach((k, v) -> {
            int h = k.hashCode();
            int i = spread(h) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            hashes[i] = h;
            values[i] = v;
        });
    }

    /** The value of the word {@code text[from, to)}, or null when it is not in the table. */
    @SuppressWarnings("unchecked")
    V get(String text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        int len = to - from;
        for (int i = spread(h) & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].length() == len && text.regionMatches(from, keys[i], 0, len)) {
                return (V) values[i];
            }
        }
        return null;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
