package md.personas.rebalancing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.AdultJoint;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotaRebalancerTest {

    static CensusModel model;
    static CensusTargets targets;
    static List<TargetTable> controlled;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
        controlled = Rebalancing.controlledTables(targets, RebalancerSettings.DEFAULT_TABLES);
    }

    /** Runs the rebalancer to N, checking the prefix band after every acceptance. */
    static List<Persona> run(long seed, long n, RebalancerSettings settings) {
        PersonaSampler sampler = new PersonaSampler(model, seed);
        QuotaPlan plan = QuotaPlan.forCount(controlled, n);
        QuotaRebalancer r = new QuotaRebalancer(seed, model, plan, settings);
        List<Persona> out = new ArrayList<>();
        long proposal = 0;
        while (!r.isComplete()) {
            assertTrue(proposal < 50 * n + 5_000_000, "the rebalancer must not loop forever");
            for (Persona p : r.offer(sampler.sample(proposal++))) {
                assertEquals(out.size(), p.index(), "indices are consecutive");
                out.add(p);
            }
        }
        QuotaRebalancer.Stats stats = r.stats();
        assertTrue(stats.worstPrefixDeviation() <= settings.prefixBand() + 1e-9,
                "prefix band held: worst deviation " + stats.worstPrefixDeviation());
        assertEquals(0, stats.relaxations(), "the band never had to be relaxed");
        for (int t = 0; t < controlled.size(); t++) {
            assertArrayEquals(plan.quotas(t), r.counts(t), "exact final counts of " + controlled.get(t).name());
        }
        assertEquals(n, out.size());
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 7, 999, 1000, 1001})
    void smallRunsFinishExactlyOverManySeeds(long n) {
        for (long seed = 1; seed <= 12; seed++) {
            run(seed * 7919, n, RebalancerSettings.defaults());
        }
    }

    @Test
    void hundredThousandFinishesExactlyWithTheBandAtEveryPrefix() {
        for (long seed : new long[] {20240408L, 99L}) {
            List<Persona> out = run(seed, 100_000, RebalancerSettings.defaults());
            // The first 1,000 are themselves census-faithful: each controlled cell within the band of 1,000 x share.
            TargetTable regionEthnicity = targets.table(CensusTargets.REGION_X_ETHNICITY);
            Map<String, Integer> first = new HashMap<>();
            for (Persona p : out.subList(0, 1000)) {
                first.merge(p.region() + "\u001f" + p.ethnicity(), 1, Integer::sum);
            }
            for (int c = 0; c < regionEthnicity.size(); c++) {
                String k = String.join("\u001f", regionEthnicity.cells().get(c));
                assertEquals(1000 * regionEthnicity.shares()[c], first.getOrDefault(k, 0), 2.0 + 1e-9,
                        regionEthnicity.cellLabel(c));
            }
        }
    }

    /**
     * The rebalancer keeps the associations the quotas do not control: minorities stay older than Moldovans
     * (ethnicity x age is not a controlled table, but both variables are controlled separately), and education
     * by age group (entirely uncontrolled) stays at its target.
     */
    @Test
    void associationsOutsideTheControlledTablesSurvive() {
        List<Persona> out = run(31, 100_000, RebalancerSettings.defaults());
        Map<String, double[]> exact = new HashMap<>();
        AdultJoint joint = model.adultJoint();
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            exact.computeIfAbsent(model.ethnicity().label(cell.ethnicity()), k -> new double[2])
                    [model.ageGroupOfFine(cell.group()) == 5 ? 1 : 0] += joint.share(c);
        }
        Map<String, long[]> observed = new HashMap<>();
        for (Persona p : out) {
            observed.computeIfAbsent(p.ethnicity(), k -> new long[2])[p.ageGroup().equals("65+") ? 1 : 0]++;
        }
        for (String e : List.of("Moldovean", "Ucrainean", "Rus", "Găgăuz", "Bulgar")) {
            double target = exact.get(e)[1] / (exact.get(e)[0] + exact.get(e)[1]);
            long[] o = observed.get(e);
            double share = (double) o[1] / (o[0] + o[1]);
            double se = Math.sqrt(target * (1 - target) / (o[0] + o[1]));
            assertEquals(target, share, 4 * se, "share aged 65+ among " + e);
        }
        TargetTable ageEducation = targets.table(CensusTargets.AGE_GROUP_X_EDUCATION);
        long[] counts = new long[ageEducation.size()];
        TargetTable.CellIndex index = ageEducation.index();
        for (Persona p : out) {
            counts[index.of(new md.personas.record.PersonaRecord(p, md.personas.record.Narrative.none()))]++;
        }
        assertTrue(md.personas.monitoring.FitStatistics.of(counts, ageEducation.shares()).pValue() > 1e-4);
    }

    @Test
    void sameSeedSameAcceptedSequence() {
        List<Persona> a = run(5, 3000, RebalancerSettings.defaults());
        List<Persona> b = run(5, 3000, RebalancerSettings.defaults());
        assertEquals(a, b);
    }

    @Test
    void quotasOfTablesSharingRegionAgreeOnRegionTotals() {
        for (long n : new long[] {1, 7, 1001, 100_000, 123_457}) {
            QuotaPlan plan = QuotaPlan.forCount(controlled, n);
            Map<String, Long> fromEthnicity = new HashMap<>();
            Map<String, Long> fromResidence = new HashMap<>();
            for (int t = 0; t < controlled.size(); t++) {
                TargetTable table = controlled.get(t);
                int regionDim = -1;
                for (int d = 0; d < table.dimensions().size(); d++) {
                    if (table.dimensions().get(d).name().equals("region")) {
                        regionDim = d;
                    }
                }
                long total = 0;
                for (int c = 0; c < table.size(); c++) {
                    total += plan.quota(t, c);
                    assertTrue(Math.abs(plan.quota(t, c) - n * table.shares()[c]) < 2, table.cellLabel(c));
                    if (regionDim >= 0) {
                        Map<String, Long> m = table.name().contains("ethnicity") ? fromEthnicity : fromResidence;
                        m.merge(table.cells().get(c).get(regionDim), plan.quota(t, c), Long::sum);
                    }
                }
                assertEquals(n, total, table.name());
            }
            assertEquals(fromEthnicity, fromResidence, "region totals at N=" + n);
        }
    }

    @Test
    void largestRemainderIsExactAndClose() {
        long[] q = QuotaPlan.largestRemainder(new double[] {0.5, 0.3, 0.2}, 7);
        assertArrayEquals(new long[] {4, 2, 1}, q);
        assertEquals(1, java.util.Arrays.stream(QuotaPlan.largestRemainder(new double[] {0.01, 0.99}, 1)).sum());
    }

    @Test
    void openEndedRunsKeepThePrefixBand() {
        for (long seed : new long[] {3, 17, 2024}) {
            PersonaSampler sampler = new PersonaSampler(model, seed);
            QuotaRebalancer r = new QuotaRebalancer(seed, model, QuotaPlan.openEnded(controlled),
                    RebalancerSettings.defaults());
            long proposal = 0;
            while (r.accepted() < 10_000) {
                r.offer(sampler.sample(proposal++));
            }
            assertTrue(r.stats().worstPrefixDeviation() <= 2.0, "seed " + seed + ": " + r.stats());
            assertEquals(0, r.stats().relaxations());
        }
    }

    /**
     * The primary schedule alone (it does not depend on the seed) keeps both primary tables within the band at
     * every prefix, for runs of many sizes and open-ended, with the model's current shares (Roma age profile on).
     */
    @Test
    void primaryScheduleKeepsTheBandForManyCounts() {
        List<TargetTable> primary = QuotaRebalancer.primaryComponent(controlled);
        ControlledFrame frame = ControlledFrame.of(model, controlled);
        for (long n : new long[] {1, 2, 7, 33, 999, 1001, 4_321, 55_555, 100_000, 123_457, -150_000}) {
            QuotaPlan plan = n > 0 ? QuotaPlan.forCount(controlled, n) : QuotaPlan.openEnded(controlled);
            PrimarySchedule schedule = new PrimarySchedule(frame, primary, plan);
            long[][] counts = new long[primary.size()][];
            for (int t = 0; t < primary.size(); t++) {
                counts[t] = new long[primary.get(t).size()];
            }
            for (long i = 1; i <= Math.abs(n); i++) {
                List<String> leaf = schedule.leaves.get(schedule.next());
                for (int t = 0; t < primary.size(); t++) {
                    TargetTable table = primary.get(t);
                    counts[t][table.cells().indexOf(table.dimensions().stream()
                            .map(d -> leaf.get(schedule.variables.indexOf(d.name()))).toList())]++;
                    for (int c = 0; c < table.size(); c++) {
                        assertEquals(i * table.shares()[c], counts[t][c], 2.0,
                                "N=" + n + ", prefix " + i + ", " + table.cellLabel(c));
                    }
                }
            }
            if (n > 0) {
                assertEquals(-1, schedule.next(), "a fixed-N schedule ends on N");
                for (int t = 0; t < primary.size(); t++) {
                    assertArrayEquals(plan.quotas(controlled.indexOf(primary.get(t))), counts[t]);
                }
            }
        }
    }
}
