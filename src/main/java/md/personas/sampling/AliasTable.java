package md.personas.sampling;

/**
 * Walker's alias method (Vose's construction): an O(1) draw from a discrete distribution with one 64-bit random
 * word. Zero-probability categories are never drawn.
 */
public final class AliasTable {

    private final double[] probability;
    private final int[] alias;

    private AliasTable(double[] probability, int[] alias) {
        this.probability = probability;
        this.alias = alias;
    }

    /** Builds the table from non-negative weights (normalised here); at least one weight must be positive. */
    public static AliasTable of(double[] weights) {
        int n = weights.length;
        double total = 0;
        for (double w : weights) {
            if (w < 0 || Double.isNaN(w)) {
                throw new IllegalArgumentException("negative or NaN weight");
            }
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("all weights are zero");
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        double[] probability = new double[n];
        int[] alias = new int[n];
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            probability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1.0;
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            int l = large[--nl];
            probability[l] = 1.0;
            alias[l] = l;
        }
        // Left-overs from rounding: they keep themselves, but only if they carry weight at all.
        while (ns > 0) {
            int s = small[--ns];
            probability[s] = weights[s] > 0 ? 1.0 : 0.0;
            alias[s] = weights[s] > 0 ? s : firstPositive(weights);
        }
        return new AliasTable(probability, alias);
    }

    private static int firstPositive(double[] weights) {
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: total weight checked positive");
    }

    /** A category drawn with one random word: the top bits pick a column, the fraction decides column or alias. */
    public int sample(long word) {
        double u = (word >>> 11) * 0x1.0p-53 * probability.length;
        int column = (int) u;
        return (u - column) < probability[column] ? column : alias[column];
    }

    public int size() {
        return probability.length;
    }
}
