package md.personas.census;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Iterative proportional fitting of a dense n-dimensional table to a set of margins. The seed carries the
 * informative interaction structure (its odds ratios survive the fit); the margins are the official targets.
 * A fit that does not reach the tolerance is an error, never a silent fallback to independence.
 */
public final class Ipf {

    /**
     * A target margin over some dimensions of the table, or over any grouping of its cells.
     *
     * @param name what the margin is, for messages and the dataset card
     * @param dims the dimensions it sums over (kept), in ascending order; null for a grouped margin
     * @param target the target sums, row-major over {@code dims} (or by group)
     * @param groups for a grouped margin, the group of every cell of the table, -1 for a cell it leaves alone
     */
    public record Margin(String name, int[] dims, double[] target, int[] groups) {

        public Margin(String name, int[] dims, double[] target) {
            this(name, dims, target, null);
        }

        /**
         * A margin over groups of cells: a collapsed category (Moldovan and Romanian together), a variable that is
         * a function of another (region of a district) or a partial universe (the employed aged 20-64).
         */
        public static Margin grouped(String name, int[] groups, double[] target) {
            return new Margin(name, null, target, groups);
        }
    }

    /** The fitted table and how the fit went. */
    public record Fit(String name, double[] table, int iterations, double maxAbsoluteDeviation, double tolerance) {

        public String describe() {
            return String.format(Locale.ROOT, "%s: IPF converged in %d iterations, max |margin - target| = %.2e "
                    + "(tolerance %.0e)", name, iterations, maxAbsoluteDeviation, tolerance);
        }
    }

    private Ipf() {
    }

    /**
     * Fits {@code seed} (not modified) of the given shape to every margin.
     *
     * @throws CensusDataException when a margin needs mass where the seed has none, or the fit does not converge
     */
    public static Fit fit(String name, double[] seed, int[] shape, List<Margin> margins, double tolerance,
                          int maxIterations) {
        int cells = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (seed.length != cells) {
            throw new IllegalArgumentException(name + ": seed has " + seed.length + " cells, shape needs " + cells);
        }
        double[] table = seed.clone();
        int[][] marginIndex = new int[margins.size()][];
        for (int m = 0; m < margins.size(); m++) {
            Margin margin = margins.get(m);
            int size = 1;
            if (margin.groups() != null) {
                if (margin.groups().length != cells) {
                    throw new IllegalArgumentException(name + ": margin " + margin.name() + " groups "
                            + margin.groups().length + " cells, the table has " + cells);
                }
                marginIndex[m] = margin.groups();
                size = margin.target().length;
            } else {
                marginIndex[m] = marginIndexOf(shape, margin.dims());
                for (int d : margin.dims()) {
                    size *= shape[d];
                }
            }
            if (margins.get(m).target().length != size) {
                throw new IllegalArgumentException(name + ": margin " + margins.get(m).name() + " has "
                        + margins.get(m).target().length + " cells, needs " + size);
            }
        }
        double deviation = Double.MAX_VALUE;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            for (int m = 0; m < margins.size(); m++) {
                Margin margin = margins.get(m);
                double[] current = sums(table, marginIndex[m], margin.target().length);
                double[] factor = new double[current.length];
                for (int k = 0; k < current.length; k++) {
                    if (current[k] == 0) {
                        if (margin.target()[k] > tolerance) {
                            throw new CensusDataException(name + ": IPF margin " + margin.name() + " cell " + k
                                    + " needs " + margin.target()[k] + " but the seed has no mass there");
                        }
                        factor[k] = 0;
                    } else {
                        factor[k] = margin.target()[k] / current[k];
                    }
                }
                int[] index = marginIndex[m];
                for (int c = 0; c < table.length; c++) {
                    if (index[c] >= 0) {
                        table[c] *= factor[index[c]];
                    }
                }
            }
            deviation = 0;
            for (int m = 0; m < margins.size(); m++) {
                double[] current = sums(table, marginIndex[m], margins.get(m).target().length);
                for (int k = 0; k < current.length; k++) {
                    deviation = Math.max(deviation, Math.abs(current[k] - margins.get(m).target()[k]));
                }
            }
            if (deviation <= tolerance) {
                return new Fit(name, table, iteration, deviation, tolerance);
            }
        }
        throw new CensusDataException(String.format(Locale.ROOT, "%s: IPF did not converge in %d iterations "
                + "(max |margin - target| = %.2e, tolerance %.0e); the margins are inconsistent", name,
                maxIterations, deviation, tolerance));
    }

    private static double[] sums(double[] table, int[] index, int size) {
        double[] out = new double[size];
        for (int c = 0; c < table.length; c++) {
            if (index[c] >= 0) {
                out[index[c]] += table[c];
            }
        }
        return out;
    }

    /** For every cell of the table, the index of the margin cell it falls into. */
    private static int[] marginIndexOf(int[] shape, int[] dims) {
        int cells = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int[] out = new int[cells];
        int[] coordinate = new int[shape.length];
        for (int c = 0; c < cells; c++) {
            int k = 0;
            for (int d : dims) {
                k = k * shape[d] + coordinate[d];
            }
            out[c] = k;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++coordinate[d] < shape[d]) {
                    break;
                }
                coordinate[d] = 0;
            }
        }
        return out;
    }
}
