package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class OceanModelTest {

    /**
     * The tabulated score distribution is the model's definition, a normal rounded half up and clamped to the
     * scale: simulated directly, the two agree cell by cell, the ends included (a mean near the top piles the
     * tail on the maximum).
     */
    @Test
    void theTabulatedScoreIsTheRoundedClampedNormal() {
        OceanModel ocean = CensusModel.load(ReferenceSource.bundled()).ocean();
        int n = 1_000_000;
        for (double mean : new double[] {50.0, 43.7, 96.2, 2.5}) {
            double[] p = ocean.scoreDistribution(mean);
            assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-12);
            long[] counts = new long[p.length];
            Random random = new Random(7);
            for (int i = 0; i < n; i++) {
                long score = Math.round(mean + ocean.sd() * random.nextGaussian());
                counts[(int) (Math.max(ocean.min(), Math.min(ocean.min() + p.length - 1, score)) - ocean.min())]++;
            }
            for (int k = 0; k < p.length; k++) {
                double se = Math.sqrt(n * p[k] * (1 - p[k]));
                assertEquals(n * p[k], counts[k], 5 * se + 1, "mean " + mean + ", score " + (ocean.min() + k));
            }
        }
        double[] top = ocean.scoreDistribution(96.2);
        double tail = 1 - new NormalDistribution(96.2, ocean.sd()).cumulativeProbability(top.length - 1.5 + ocean.min());
        assertEquals(tail, top[top.length - 1], 1e-12, "the maximum takes the upper tail");
    }
}
