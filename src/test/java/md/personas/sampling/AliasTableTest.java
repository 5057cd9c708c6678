package md.personas.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AliasTableTest {

    @Test
    void drawsInProportionAndNeverAZeroWeight() {
        double[] w = {0.5, 0.0, 0.2, 0.3, 0.0};
        AliasTable t = AliasTable.of(w);
        long[] counts = new long[w.length];
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            counts[t.sample(CounterRandom.word(CounterRandom.key(1, i), 0))]++;
        }
        assertEquals(0, counts[1]);
        assertEquals(0, counts[4]);
        for (int c : new int[] {0, 2, 3}) {
            double se = Math.sqrt(n * w[c] * (1 - w[c]));
            assertEquals(n * w[c], counts[c], 5 * se, "category " + c);
        }
    }

    @Test
    void rejectsAllZeroOrNegativeWeights() {
        assertThrows(IllegalArgumentException.class, () -> AliasTable.of(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> AliasTable.of(new double[] {1, -1}));
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
