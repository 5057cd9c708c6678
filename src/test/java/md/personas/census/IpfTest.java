package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpfTest {

    @Test
    void fitsTwoMarginsAndKeepsTheSeedOddsRatio() {
        // A 2x2 seed with odds ratio (4*4)/(1*1) = 16 fitted to uniform margins.
        double[] seed = {0.4, 0.1, 0.1, 0.4};
        Ipf.Fit fit = Ipf.fit("test", seed, new int[] {2, 2},
                List.of(new Ipf.Margin("rows", new int[] {0}, new double[] {0.7, 0.3}),
                        new Ipf.Margin("cols", new int[] {1}, new double[] {0.5, 0.5})), 1e-12, 1000);
        double[] t = fit.table();
        assertEquals(0.7, t[0] + t[1], 1e-12);
        assertEquals(0.5, t[0] + t[2], 1e-12);
        assertEquals(16.0, t[0] * t[3] / (t[1] * t[2]), 1e-6, "IPF preserves the seed's odds ratio");
        assertTrue(fit.iterations() > 1);
    }

    @Test
    void aGroupedMarginConstrainsOnlyItsCellsAndCollapsedCategoriesTogether() {
        // 1 x 3 categories; the grouped margin sums the first two (a merged "Romanian/Moldovan") and leaves the
        // third alone; the total is the other margin.
        double[] seed = {0.2, 0.2, 0.6};
        Ipf.Fit fit = Ipf.fit("test", seed, new int[] {3},
                List.of(Ipf.Margin.grouped("merged", new int[] {0, 0, -1}, new double[] {0.6}),
                        new Ipf.Margin("total", new int[] {}, new double[] {1.0})), 1e-12, 1000);
        double[] t = fit.table();
        assertEquals(0.6, t[0] + t[1], 1e-12, "the merged pair meets its target");
        assertEquals(t[0], t[1], 1e-12, "and keeps the seed's split inside the group");
        assertEquals(0.4, t[2], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Ipf.fit("bad", seed, new int[] {3},
                List.of(Ipf.Margin.grouped("short", new int[] {0, 0}, new double[] {0.6})), 1e-12, 10));
    }

    @Test
    void independenceSeedGivesTheProductOfMargins() {
        double[] seed = {1, 1, 1, 1, 1, 1};
        Ipf.Fit fit = Ipf.fit("test", seed, new int[] {2, 3},
                List.of(new Ipf.Margin("a", new int[] {0}, new double[] {0.25, 0.75}),
                        new Ipf.Margin("b", new int[] {1}, new double[] {0.2, 0.3, 0.5})), 1e-12, 100);
        assertArrayEquals(new double[] {0.05, 0.075, 0.125, 0.15, 0.225, 0.375}, fit.table(), 1e-12);
    }

    @Test
    void inconsistentMarginsFailInsteadOfFallingBack() {
        double[] seed = {1, 1, 1, 1};
        CensusDataException e = assertThrows(CensusDataException.class, () -> Ipf.fit("bad", seed, new int[] {2, 2},
                List.of(new Ipf.Margin("a", new int[] {0}, new double[] {0.5, 0.5}),
                        new Ipf.Margin("b", new int[] {1}, new double[] {0.6, 0.6})), 1e-12, 200));
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
    }

    @Test
    void marginNeedingMassWhereTheSeedHasNoneFails() {
        double[] seed = {1, 0, 1, 0};
        CensusDataException e = assertThrows(CensusDataException.class, () -> Ipf.fit("zero", seed, new int[] {2, 2},
                List.of(new Ipf.Margin("cols", new int[] {1}, new double[] {0.5, 0.5})), 1e-12, 10));
        assertTrue(e.getMessage().contains("no mass"), e.getMessage());
    }
}
