package md.personas.sampling;

import java.util.List;

/**
 * A family of discrete distributions, one per conditioning context (P(labour | sex, age group, region, residence,
 * education) is 1,800 of them), each drawn in O(1) by Walker's alias method (Vose's construction) with one 64-bit
 * random word.
 *
 * <p>Why packed: the sampler draws from a dozen families of up to 2,246 tables each, at random contexts, so a draw
 * is bounded by cache misses rather than arithmetic. Here every table of a family lives in one {@code long[]}, a
 * table keeps only its positive-weight categories, and one entry holds a column's threshold, its own category and
 * its alias's category: a draw reads the table's start and one entry, instead of walking nested arrays to a table
 * object and then its probability and alias arrays. Zero-weight categories are never drawn.
 *
 * <p>Entry layout: bits 0-14 the column's category, 15-29 the alias's category, 30-62 the threshold, the
 * probability of keeping the column scaled to 2^32 (0..2^32 inclusive, so 33 bits). The word's high 32 bits pick
 * the column, its low 32 bits are compared with the threshold.
 */
public final class AliasTables {

    /** Categories are stored in 15 bits. */
    public static final int MAX_CATEGORIES = 1 << 15;

    private static final int CATEGORY_BITS = 15;
    private static final long CATEGORY_MASK = MAX_CATEGORIES - 1;
    private static final int THRESHOLD_SHIFT = 2 * CATEGORY_BITS;
    private static final double SCALE = 0x1.0p32;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    private final long[] entries;
    private final int[] start;

    private AliasTables(long[] entries, int[] start) {
        this.entries = entries;
        this.start = start;
    }

    /**
     * Packs one table per context, in order. A context whose weights are null or empty has no table (drawing from
     * it is an error); otherwise the weights must be non-negative with a positive total (normalised here).
     */
    public static AliasTables of(List<double[]> weightsByContext) {
        int[] start = new int[weightsByContext.size() + 1];
        for (int t = 0; t < weightsByContext.size(); t++) {
            start[t + 1] = start[t] + positives(weightsByContext.get(t));
        }
        long[] entries = new long[start[start.length - 1]];
        for (int t = 0; t < weightsByContext.size(); t++) {
            double[] w = weightsByContext.get(t);
            if (w != null && w.length > 0) {
                pack(w, entries, start[t], start[t + 1] - start[t]);
            }
        }
        return new AliasTables(entries, start);
    }

    /** A single distribution: draw it with context 0. */
    public static AliasTables single(double[] weights) {
        return of(List.<double[]>of(weights));
    }

    /** The category drawn from the table of {@code context} with one random word. */
    public int sample(int context, long word) {
        int from = start[context];
        int n = start[context + 1] - from;
        if (n == 0) {
            throw new IllegalStateException("no distribution for context " + context);
        }
        long entry = entries[from + (int) (((word >>> 32) * n) >>> 32)];
        return (int) ((word & LOW_32) < (entry >>> THRESHOLD_SHIFT) ? entry : entry >>> CATEGORY_BITS)
                & (int) CATEGORY_MASK;
    }

    /** How many contexts the family has (with or without a table). */
    public int contexts() {
        return start.length - 1;
    }

    private static int positives(double[] w) {
        if (w == null || w.length == 0) {
            return 0;
        }
        if (w.length > MAX_CATEGORIES) {
            throw new IllegalArgumentException(w.length + " categories, more than " + MAX_CATEGORIES);
        }
        double total = 0;
        int positive = 0;
        for (double x : w) {
            if (x < 0 || Double.isNaN(x)) {
                throw new IllegalArgumentException("negative or NaN weight");
            }
            total += x;
            positive += x > 0 ? 1 : 0;
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("all weights are zero");
        }
        return positive;
    }

    /** Vose's construction over the {@code n} positive-weight categories of {@code w}, at {@code entries[from..]}. */
    private static void pack(double[] w, long[] entries, int from, int n) {
        int[] category = new int[n];
        double total = 0;
        for (int i = 0, c = 0; i < w.length; i++) {
            if (w[i] > 0) {
                category[c++] = i;
                total += w[i];
            }
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int c = 0; c < n; c++) {
            scaled[c] = w[category[c]] * n / total;
            if (scaled[c] < 1.0) {
                small[ns++] = c;
            } else {
                large[nl++] = c;
            }
        }
        double[] keep = new double[n];
        int[] alias = new int[n];
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            keep[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // What is left (rounding residue on either side) keeps its own column.
        while (nl > 0) {
            int l = large[--nl];
            keep[l] = 1.0;
            alias[l] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            keep[s] = 1.0;
            alias[s] = s;
        }
        for (int c = 0; c < n; c++) {
            long threshold = Math.max(0L, Math.min(1L << 32, Math.round(keep[c] * SCALE)));
            entries[from + c] = threshold << THRESHOLD_SHIFT
                    | (long) category[alias[c]] << CATEGORY_BITS
                    | category[c];
        }
    }
}
