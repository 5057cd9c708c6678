package md.personas.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AliasTablesTest {

    @Test
    void drawsInProportionAndNeverAZeroWeight() {
        double[] w = {0.5, 0.0, 0.2, 0.3, 0.0};
        AliasTables t = AliasTables.single(w);
        long[] counts = new long[w.length];
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            counts[t.sample(0, CounterRandom.word(CounterRandom.key(1, i), 0))]++;
        }
        assertEquals(0, counts[1]);
        assertEquals(0, counts[4]);
        for (int c : new int[] {0, 2, 3}) {
            double se = Math.sqrt(n * w[c] * (1 - w[c]));
            assertEquals(n * w[c], counts[c], 5 * se, "category " + c);
        }
    }

    /**
     * Every context of a family is its own distribution, exactly: words on an even grid (the high half sweeps the
     * columns, the low half the thresholds) land on each category in proportion to its weight, to the grid's
     * resolution, with no sampling error to hide behind.
     */
    @Test
    void eachContextOfAFamilyIsItsOwnDistributionOnAnEvenGridOfWords() {
        double[][] weights = {{3, 0, 1}, {0, 0, 5}, {}, {1, 1, 1, 1, 2, 0, 7}, {0.001, 1000}};
        AliasTables family = AliasTables.of(Arrays.asList(weights));
        assertEquals(weights.length, family.contexts());
        int grid = 2048;
        for (int c = 0; c < weights.length; c++) {
            double[] w = weights[c];
            if (w.length == 0) {
                int context = c;
                assertThrows(IllegalStateException.class, () -> family.sample(context, 0L), "no table, no draw");
                continue;
            }
            double total = Arrays.stream(w).sum();
            long[] counts = new long[w.length];
            for (long hi = 0; hi < grid; hi++) {
                for (long lo = 0; lo < grid; lo++) {
                    long word = ((hi << 32) / grid + (1L << 20)) << 32 | ((lo << 32) / grid + (1L << 20));
                    counts[family.sample(c, word)]++;
                }
            }
            for (int k = 0; k < w.length; k++) {
                assertEquals(w[k] / total, counts[k] / (double) grid / grid, 3.0 / grid,
                        "context " + c + ", category " + k);
                if (w[k] == 0) {
                    assertEquals(0, counts[k], "a zero weight is never drawn");
                }
            }
        }
    }

    @Test
    void categoriesUseAllFifteenBits() {
        double[] w = new double[AliasTables.MAX_CATEGORIES];
        w[AliasTables.MAX_CATEGORIES - 1] = 1;
        w[12_345] = 1;
        AliasTables t = AliasTables.single(w);
        int first = 0;
        for (int i = 0; i < 10_000; i++) {
            int k = t.sample(0, CounterRandom.word(CounterRandom.key(2, i), 0));
            assertTrue(k == 12_345 || k == AliasTables.MAX_CATEGORIES - 1, "drew " + k);
            first += k == 12_345 ? 1 : 0;
        }
        assertEquals(5_000, first, 300);
        assertThrows(IllegalArgumentException.class,
                () -> AliasTables.single(new double[AliasTables.MAX_CATEGORIES + 1]), "too many categories");
    }

    @Test
    void rejectsAllZeroOrNegativeWeights() {
        assertThrows(IllegalArgumentException.class, () -> AliasTables.single(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> AliasTables.single(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> AliasTables.of(List.of(new double[] {1}, new double[] {0})));
    }

    @Test
    void belowIsUniformOverItsRange() {
        long[] counts = new long[7];
        for (int i = 0; i < 70_000; i++) {
            counts[CounterRandom.below(CounterRandom.word(CounterRandom.key(3, i), 1), 7)]++;
        }
        for (long c : counts) {
            assertEquals(10_000, c, 500);
        }
    }
}
