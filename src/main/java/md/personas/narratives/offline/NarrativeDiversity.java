package md.personas.narratives.offline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import md.personas.narratives.NarrativeFields;
import md.personas.record.Narrative;
import md.personas.sampling.CounterRandom;

/**
 * How varied a set of narratives is, for any writer (offline or LLM): exact duplicates and near-duplicates of
 * {@code cultural_background}, and distinct-n ratios of every narrative field.
 *
 * <p>Near-duplicates are pairs whose word 5-shingle sets have a Jaccard similarity of at least 0.8. Comparing all
 * pairs of 100,000 texts is out of the question, so candidates come from MinHash signatures (120 hash functions)
 * split into 20 bands of 6 rows (locality-sensitive hashing: a pair with Jaccard 0.8 shares at least one band with
 * probability 0.998); every candidate is then verified with its exact Jaccard similarity. Distinct-n is the number
 * of distinct word n-grams of a field over the total number of its n-grams (n = 1, 2, 3), over all narratives.
 *
 * <p>Memory is bounded by what the measure needs, not by the texts: per narrative a 120-int signature and the
 * sorted 32-bit shingle hashes of its cultural background; per field the distinct n-grams. Feed it with
 * {@link Accumulator#add} from a stream and let the narratives go.
 */
public final class NarrativeDiversity {

    public static final int SHINGLE_WORDS = 5;
    public static final double NEAR_DUPLICATE_JACCARD = 0.8;
    static final int BANDS = 20;
    static final int ROWS = 6;
    private static final int HASHES = BANDS * ROWS;
    private static final long[] MULTIPLIERS = new long[HASHES];
    private static final long[] OFFSETS = new long[HASHES];

    static {
        for (int i = 0; i < HASHES; i++) {
            MULTIPLIERS[i] = CounterRandom.mix64(0xD1B54A32D192ED03L * (i + 1)) | 1L;
            OFFSETS[i] = CounterRandom.mix64(0x9E3779B97F4A7C15L * (i + 101));
        }
    }

    /** The text fields and lists measured for distinct-n, by contract column name. */
    public static final List<String> FIELDS = NarrativeFields.ALL;
    /** The field whose near-duplicates are measured. */
    private static final String BACKGROUND = NarrativeFields.require("cultural_background");

    private NarrativeDiversity() {
    }

    /** Distinct-n ratios of one field. */
    public record DistinctN(long texts, long tokens, double distinct1, double distinct2, double distinct3) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "tokens=%d distinct-1=%.4f distinct-2=%.4f distinct-3=%.4f", tokens,
                    distinct1, distinct2, distinct3);
        }
    }

    /**
     * The measure of a set of narratives.
     *
     * @param documents narratives measured
     * @param identicalPairs pairs of identical {@code cultural_background} texts
     * @param candidatePairs pairs that shared a MinHash band
     * @param nearDuplicatePairs candidate pairs whose exact 5-shingle Jaccard is at least 0.8
     * @param documentsInNearDuplicates narratives that belong to at least one near-duplicate pair
     * @param maxCandidateJaccard the highest exact Jaccard among candidates (0 when there was none)
     * @param distinct distinct-n ratios by field
     */
    public record Report(int documents, long identicalPairs, long candidatePairs, long nearDuplicatePairs,
                         int documentsInNearDuplicates, double maxCandidateJaccard, Map<String, DistinctN> distinct) {

        /** Near-duplicate pairs per narrative. */
        public double nearDuplicatePairRate() {
            return documents == 0 ? 0 : (double) nearDuplicatePairs / documents;
        }

        /** Share of narratives that have a near-duplicate. */
        public double nearDuplicateDocumentShare() {
            return documents == 0 ? 0 : (double) documentsInNearDuplicates / documents;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT,
                    "documents=%d identical_pairs=%d candidate_pairs=%d near_duplicate_pairs=%d (%.4f%% of documents;"
                            + " %.4f%% of documents have one) max_candidate_jaccard=%.3f%n",
                    documents, identicalPairs, candidatePairs, nearDuplicatePairs, 100 * nearDuplicatePairRate(),
                    100 * nearDuplicateDocumentShare(), maxCandidateJaccard));
            distinct.forEach((field, d) -> out.append("  ").append(field).append(": ").append(d).append('\n'));
            return out.toString();
        }
    }

    public static Report measure(Iterable<Narrative> narratives) {
        Accumulator a = new Accumulator();
        for (Narrative n : narratives) {
            a.add(n);
        }
        return a.finish();
    }

    /** Collects the measure narrative by narrative; not thread-safe (one per measuring thread). */
    public static final class Accumulator {

        private final Map<String, Integer> vocabulary = new HashMap<>();
        private final Map<String, FieldCounts> fields = new LinkedHashMap<>();
        private final List<int[]> signatures = new ArrayList<>();
        private final List<int[]> shingles = new ArrayList<>();
        private long[] textHashes = new long[1024];
        private long[] textHashes2 = new long[1024];
        private int documents;

        public Accumulator() {
            for (String f : FIELDS) {
                fields.put(f, new FieldCounts());
            }
        }

        public void add(Narrative n) {
            int[] background = null;
            for (String f : FIELDS) {
                Object value = NarrativeFields.value(n, f);
                if (value instanceof List<?> items) {
                    for (Object item : items) {
                        count(f, (String) item);
                    }
                } else {
                    int[] tokens = count(f, (String) value);
                    if (f.equals(BACKGROUND)) {
                        background = tokens;
                    }
                }
            }

            if (documents == textHashes.length) {
                textHashes = Arrays.copyOf(textHashes, documents * 2);
                textHashes2 = Arrays.copyOf(textHashes2, documents * 2);
            }
            textHashes[documents] = textHash(n.culturalBackground(), 0xCBF29CE484222325L);
            textHashes2[documents] = textHash(n.culturalBackground(), 0x84222325CBF29CE4L);
            int[] set = shingleSet(background);
            shingles.add(set);
            signatures.add(signature(set));
            documents++;
        }

        /** Counts the n-grams of a field and returns the text's word ids. */
        private int[] count(String field, String text) {
            int[] ids = words(text);
            fields.get(field).add(ids);
            return ids;
        }

        private int[] words(String text) {
            List<String> tokens = tokenize(text);
            int[] ids = new int[tokens.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = vocabulary.computeIfAbsent(tokens.get(i), w -> vocabulary.size() + 1);
            }
            return ids;
        }

        public Report finish() {
            long identical = identicalPairs();
            long[] candidates = candidatePairs();
            long near = 0;
            double max = 0;
            BitSet inNear = new BitSet(documents);
            for (long pair : candidates) {
                int a = (int) (pair >>> 32);
                int b = (int) pair;
                double j = jaccard(shingles.get(a), shingles.get(b));
                max = Math.max(max, j);
                if (j >= NEAR_DUPLICATE_JACCARD) {
                    near++;
                    inNear.set(a);
                    inNear.set(b);
                }
            }
            Map<String, DistinctN> distinct = new LinkedHashMap<>();
            fields.forEach((f, c) -> distinct.put(f, c.ratios()));
            return new Report(documents, identical, candidates.length, near, inNear.cardinality(), max, distinct);
        }

        private long identicalPairs() {
            long[][] keys = new long[documents][];
            for (int i = 0; i < documents; i++) {
                keys[i] = new long[] {textHashes[i], textHashes2[i]};
            }
            Arrays.sort(keys, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            long pairs = 0;
            int run = 1;
            for (int i = 1; i <= documents; i++) {
                if (i < documents && keys[i][0] == keys[i - 1][0] && keys[i][1] == keys[i - 1][1]) {
                    run++;
                } else {
                    pairs += (long) run * (run - 1) / 2;
                    run = 1;
                }
            }
            return pairs;
        }

        /**
         * Pairs (a << 32 | b, a < b) that share at least one band. Each band is sorted by its hash, with the
         * document index packed in the low bits, so that equal bands are adjacent.
         */
        private long[] candidatePairs() {
            int idBits = Math.max(17, 64 - Long.numberOfLeadingZeros(Math.max(1, documents)));
            long idMask = (1L << idBits) - 1;
            LongSet pairs = new LongSet(1024);
            long[] keys = new long[documents];
            for (int band = 0; band < BANDS; band++) {
                for (int d = 0; d < documents; d++) {
                    long h = 0x9E3779B97F4A7C15L * (band + 1);
                    int[] sig = signatures.get(d);
                    for (int r = 0; r < ROWS; r++) {
                        h = CounterRandom.mix64(h ^ (sig[band * ROWS + r] & 0xFFFFFFFFL));
                    }
                    keys[d] = (h & ~idMask) | d;
                }
                Arrays.sort(keys);
                int start = 0;
                for (int i = 1; i <= documents; i++) {
                    if (i == documents || (keys[i] & ~idMask) != (keys[start] & ~idMask)) {
                        for (int x = start; x < i; x++) {
                            for (int y = x + 1; y < i; y++) {
                                int a = (int) (keys[x] & idMask);
                                int b = (int) (keys[y] & idMask);
                                pairs.add(((long) Math.min(a, b) << 32) | Math.max(a, b));
                            }
                        }
                        start = i;
                    }
                }
            }
            long[] out = pairs.toArray();
            Arrays.sort(out);
            return out;
        }
    }

    /** Lower-case words of letters and digits. */
    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
            } else if (word.length() > 0) {
                out.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    /** Sorted distinct 32-bit hashes of the word 5-shingles (a shorter text is one shingle). */
    static int[] shingleSet(int[] ids) {
        int n = Math.max(1, ids.length - SHINGLE_WORDS + 1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long h = 0x632BE59BD9B4E019L;
            for (int k = i; k < Math.min(ids.length, i + SHINGLE_WORDS); k++) {
                h = CounterRandom.mix64(h + ids[k] * 0x9E3779B97F4A7C15L);
            }
            out[i] = (int) (h >>> 32);
        }
        Arrays.sort(out);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || out[i] != out[i - 1]) {
                out[m++] = out[i];
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** MinHash signature: per hash function the minimum over the shingles of (a * x + b) >>> 32. */
    static int[] signature(int[] shingles) {
        int[] sig = new int[HASHES];
        Arrays.fill(sig, -1); // unsigned maximum
        for (int s : shingles) {
            long x = CounterRandom.mix64(s);
            for (int i = 0; i < HASHES; i++) {
                int h = (int) ((x * MULTIPLIERS[i] + OFFSETS[i]) >>> 32);
                if (Integer.compareUnsigned(h, sig[i]) < 0) {
                    sig[i] = h;
                }
            }
        }
        return sig;
    }

    /** Exact Jaccard similarity of two sorted sets. */
    static double jaccard(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - common;
        return union == 0 ? 1.0 : (double) common / union;
    }

    private static long textHash(String text, long seed) {
        long h = seed;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001B3L;
        }
        return CounterRandom.mix64(h);
    }

    /** Distinct unigrams, bigrams and trigrams of one field. Word ids stay below 2^21. */
    private static final class FieldCounts {
        private final BitSet unigrams = new BitSet();
        private final LongSet bigrams = new LongSet(1024);
        private final LongSet trigrams = new LongSet(1024);
        private long texts;
        private long tokens;
        private long bigramCount;
        private long trigramCount;

        void add(int[] ids) {
            texts++;
            tokens += ids.length;
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] >= 1 << 21) {
                    throw new IllegalStateException("vocabulary above 2^21 words");
                }
                unigrams.set(ids[i]);
                if (i >= 1) {
                    bigrams.add(((long) ids[i - 1] << 21) | ids[i]);
                    bigramCount++;
                }
                if (i >= 2) {
                    trigrams.add(((long) ids[i - 2] << 42) | ((long) ids[i - 1] << 21) | ids[i]);
                    trigramCount++;
                }
            }
        }

        DistinctN ratios() {
            return new DistinctN(texts, tokens, ratio(unigrams.cardinality(), tokens),
                    ratio(bigrams.size(), bigramCount), ratio(trigrams.size(), trigramCount));
        }

        private static double ratio(long distinct, long total) {
            return total == 0 ? 0 : (double) distinct / total;
        }
    }

    /** An open-addressing set of non-zero longs: the n-gram and pair sets hold millions of them. */
    private static final class LongSet {
        private long[] table;
        private int size;

        LongSet(int capacity) {
            table = new long[Integer.highestOneBit(Math.max(16, capacity) * 2 - 1)];
        }

        void add(long key) {
            if (key == 0) {
                throw new IllegalArgumentException("LongSet holds non-zero keys");
            }
            if (size * 2 >= table.length) {
                grow();
            }
            int mask = table.length - 1;
            int i = (int) CounterRandom.mix64(key) & mask;
            while (table[i] != 0) {
                if (table[i] == key) {
                    return;
                }
                i = (i + 1) & mask;
            }
            table[i] = key;
            size++;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            long[] out = new long[size];
            int k = 0;
            for (long v : table) {
                if (v != 0) {
                    out[k++] = v;
                }
            }
            return out;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            size = 0;
            for (long v : old) {
                if (v != 0) {
                    add(v);
                }
            }
        }
    }
}
