package md.personas.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import md.personas.census.CensusModel;
import md.personas.census.JobTitle;
import md.personas.census.ReferenceSource;
import org.junit.jupiter.api.Test;

class TitleTablesTest {

    /** Group then title is the same distribution as the title directly, and equal within-group rows are shared. */
    @Test
    void twoStepsDrawTheContextsDistributionAndShareEqualWithinGroupRows() {
        int[] groupOfTitle = {0, 0, 1, 1, 2};
        List<double[]> contexts = List.of(
                new double[] {0.1, 0.3, 0.2, 0.4, 0.0},
                new double[] {0.2, 0.6, 0.0, 0.2, 0.0}, // group 0 in the same proportions as the first context
                new double[] {0, 0, 0, 0, 0},           // nobody employed here: never drawn
                new double[] {0.0, 0.0, 0.0, 0.0, 1.0});
        TitleTables tables = new TitleTables(contexts, groupOfTitle, 3);
        assertEquals(4, tables.withinGroupTables(), "{1/4, 3/4} of group 0 shared; group 1 twice; group 2");
        for (int c : new int[] {0, 1, 3}) {
            assertDrawsInProportion(tables, c, contexts.get(c), 200_000);
        }
    }

    /** The census model's own title tables: a young, a middle-aged and an old context of each sex. */
    @Test
    void theOccupationModelsTitleDistributionsSurviveTheTwoSteps() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        List<double[]> distributions = model.occupationModel().titleDistributions();
        int[] groupOfTitle = model.occupations().titles().stream().mapToInt(JobTitle::iscoMajor).toArray();
        TitleTables tables = new TitleTables(distributions, groupOfTitle, model.isco().size());
        assertTrue(tables.withinGroupTables() < distributions.size(),
                tables.withinGroupTables() + " within-group rows for " + distributions.size() + " contexts");
        int tertiary = model.education().indexOf("tertiary");
        List<Integer> picked = new ArrayList<>();
        for (int sex = 0; sex < model.sex().size(); sex++) {
            for (int age : new int[] {22, 41, 67}) {
                picked.add(model.occupationModel().titleTable(sex, age, tertiary));
            }
        }
        for (int c : picked) {
            assertDrawsInProportion(tables, c, distributions.get(c), 300_000);
        }
    }

    private static void assertDrawsInProportion(TitleTables tables, int context, double[] p, int n) {
        double total = 0;
        for (double x : p) {
            total += x;
        }
        long[] counts = new long[p.length];
        for (int i = 0; i < n; i++) {
            long key = CounterRandom.key(context, i);
            counts[tables.sample(context, CounterRandom.word(key, 0), CounterRandom.word(key, 1))]++;
        }
        for (int t = 0; t < p.length; t++) {
            double share = p[t] / total;
            double se = Math.sqrt(n * share * (1 - share));
            assertEquals(n * share, counts[t], 5 * se + 1, "context " + context + ", title " + t);
        }
    }
}
