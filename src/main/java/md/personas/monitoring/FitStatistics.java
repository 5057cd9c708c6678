package md.personas.monitoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * Goodness of fit of observed counts against target shares: Pearson's chi-square (p-value from commons-math's
 * regularized gamma function, i.e. the chi-squared upper tail) with cells of small expected count pooled, the maximum absolute deviation in
 * percentage points, and the total variation distance.
 *
 * @param n observed total
 * @param chiSquare the statistic after pooling
 * @param degreesOfFreedom pooled cells - 1
 * @param pValue upper tail probability; 0 when a cell with zero target share was observed
 * @param maxDeviationPp max over cells of |observed share - target share| x 100
 * @param worstCell index of the cell with that deviation
 * @param totalVariation half the L1 distance between observed and target shares
 * @param impossibleCells cells observed although their target share is zero
 */
public record FitStatistics(long n, double chiSquare, int degreesOfFreedom, double pValue, double maxDeviationPp,
                            int worstCell, double totalVariation, int impossibleCells) {

    /** Cells whose expected count is below this are pooled (the usual rule of thumb for Pearson's test). */
    public static final double MIN_EXPECTED = 5.0;

    public static FitStatistics of(long[] observed, double[] shares) {
        if (observed.length != shares.length) {
            throw new IllegalArgumentException("observed and shares differ in length");
        }
        long n = Arrays.stream(observed).sum();
        if (n == 0) {
            return new FitStatistics(0, 0, 0, 1.0, 0, -1, 0, 0);
        }
        double maxDev = 0;
        int worst = -1;
        double l1 = 0;
        int impossible = 0;
        for (int c = 0; c < observed.length; c++) {
            double dev = Math.abs((double) observed[c] / n - shares[c]);
            l1 += dev;
            if (dev > maxDev) {
                maxDev = dev;
                worst = c;
            }
            if (shares[c] == 0 && observed[c] > 0) {
                impossible++;
            }
        }
        // Pool cells in ascending order of expected count until every pooled group reaches MIN_EXPECTED.
        Integer[] order = new Integer[shares.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(shares[a], shares[b]));
        List<double[]> groups = new ArrayList<>(); // {expected, observed}
        double pendingExpected = 0;
        double pendingObserved = 0;
        for (int c : order) {
            if (shares[c] == 0) {
                continue;
            }
            pendingExpected += n * shares[c];
            pendingObserved += observed[c];
            if (pendingExpected >= MIN_EXPECTED) {
                groups.add(new double[] {pendingExpected, pendingObserved});
                pendingExpected = 0;
                pendingObserved = 0;
            }
        }
        if (pendingExpected > 0) {
            if (groups.isEmpty()) {
                groups.add(new double[] {pendingExpected, pendingObserved});
            } else {
                double[] last = groups.get(groups.size() - 1);
                last[0] += pendingExpected;
                last[1] += pendingObserved;
            }
        }
        double chi = 0;
        for (double[] g : groups) {
            chi += (g[1] - g[0]) * (g[1] - g[0]) / g[0];
        }
        int df = groups.size() - 1;
        double p;
        if (impossible > 0) {
            p = 0.0;
        } else if (df < 1) {
            p = 1.0;
        } else {
            // The upper tail directly (not 1 - CDF), so that tiny p-values keep their precision.
            p = Gamma.regularizedGammaQ(df / 2.0, chi / 2.0);
        }
        return new FitStatistics(n, chi, df, p, maxDev * 100, worst, l1 / 2, impossible);
    }
}
