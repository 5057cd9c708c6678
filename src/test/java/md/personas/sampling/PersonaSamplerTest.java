package md.personas.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.FitStatistics;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PersonaSamplerTest {

    static CensusModel model;
    static PersonaSampler sampler;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        sampler = new PersonaSampler(model, 20240408L);
    }

    @Test
    void aPersonaIsAPureFunctionOfSeedAndIndex() {
        PersonaSampler again = new PersonaSampler(CensusModel.load(ReferenceSource.bundled()), 20240408L);
        for (long i : new long[] {0, 1, 999, 123_456_789L}) {
            assertEquals(sampler.sample(i), again.sample(i));
        }
        assertNotEquals(sampler.sample(5), new PersonaSampler(model, 7L).sample(5), "another seed, another persona");
        // Any order, any thread: the same personas.
        List<Persona> sequential = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sequential.add(sampler.sample(i));
        }
        List<Persona> parallel = IntStream.range(0, 2000).parallel().map(i -> 1999 - i).mapToObj(sampler::sample)
                .sorted((a, b) -> Long.compare(a.proposal(), b.proposal())).toList();
        assertEquals(sequential, parallel);
    }

    @Test
    void uuidsAreDeterministicAndDistinct() {
        assertEquals(PersonaIds.uuid(1, 2), PersonaIds.uuid(1, 2));
        assertNotEquals(PersonaIds.uuid(1, 2), PersonaIds.uuid(2, 2));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            assertTrue(seen.add(PersonaIds.uuid(42, i)));
        }
        assertEquals('4', PersonaIds.uuid(42, 0).charAt(14), "version 4 layout");
    }

    /**
     * One million personas: zero hard-rule violations, and every marginal and monitored joint within sampling
     * error of its exact target (each cell within 5 standard errors; each table's chi-square p above 1e-6).
     */
    @Test
    void oneMillionPersonasBreakNoRuleAndMatchEveryTarget() {
        int n = 1_000_000;
        ConsistencyRules rules = new ConsistencyRules(model);
        Map<String, TargetTable> tables = CensusTargets.compute(model).tables();
        List<TargetTable> list = new ArrayList<>(tables.values());
        List<TargetTable.CellIndex> indexes = list.stream().map(TargetTable::index).toList();
        long[][] counts = new long[list.size()][];
        for (int t = 0; t < list.size(); t++) {
            counts[t] = new long[list.get(t).size()];
        }
        long violations = 0;
        List<String> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PersonaRecord r = new PersonaRecord(sampler.sample(i), Narrative.none());
            List<String> v = rules.violations(r);
            if (!v.isEmpty()) {
                violations++;
                if (examples.size() < 5) {
                    examples.add(i + ": " + v);
                }
            }
            for (int t = 0; t < list.size(); t++) {
                int c = indexes.get(t).of(r);
                assertTrue(c >= 0, () -> "record outside the cells of " + r);
                counts[t][c]++;
            }
        }
        assertEquals(0, violations, () -> "hard-rule violations, e.g. " + examples);
        for (int t = 0; t < list.size(); t++) {
            TargetTable table = list.get(t);
            for (int c = 0; c < table.size(); c++) {
                double p = table.shares()[c];
                double expected = n * p;
                double se = Math.sqrt(n * p * (1 - p));
                assertTrue(Math.abs(counts[t][c] - expected) <= 5 * se + 1, table.name() + " " + table.cellLabel(c)
                        + ": observed " + counts[t][c] + ", expected " + expected);
            }
            FitStatistics fit = FitStatistics.of(counts[t], table.shares());
            assertTrue(fit.pValue() > 1e-6, table.name() + ": " + fit);
            assertEquals(0, fit.impossibleCells(), table.name());
        }
    }
}
