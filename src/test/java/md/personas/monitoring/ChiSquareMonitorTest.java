package md.personas.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.sampling.PersonaSampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor in both directions: no false abort on faithful streams, a quick abort on biased ones. */
class ChiSquareMonitorTest {

    static CensusModel model;
    static CensusTargets targets;
    static List<TargetTable> controlled;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
        controlled = Rebalancing.controlledTables(targets, RebalancerSettings.DEFAULT_TABLES);
    }

    /**
     * Streams n accepted personas of the given model through a monitor of the official targets, dropping those
     * the filter rejects after the rebalancer (as a faulty narrative stage would); returns the first failed
     * verdict, or null.
     */
    static MonitorVerdict firstFailure(CensusModel sampled, long seed, long n, Predicate<Persona> keep,
                                       MonitorSettings settings) {
        PersonaSampler sampler = new PersonaSampler(sampled, seed);
        QuotaRebalancer rebalancer = new QuotaRebalancer(seed, sampled,
                QuotaPlan.forCount(Rebalancing.controlledTables(CensusTargets.compute(sampled),
                        RebalancerSettings.DEFAULT_TABLES), n), RebalancerSettings.defaults());
        ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                settings);
        long proposal = 0;
        while (!rebalancer.isComplete()) {
            for (Persona p : rebalancer.offer(sampler.sample(proposal++))) {
                if (!keep.test(p)) {
                    continue;
                }
                MonitorVerdict v = monitor.add(new PersonaRecord(p, Narrative.none()));
                if (v != null && !v.passed()) {
                    return v;
                }
            }
        }
        MonitorVerdict last = monitor.evaluate();
        return last.passed() ? null : last;
    }

    @Test
    void noFalseAbortOver200SeededRunsOf10000() {
        MonitorSettings settings = MonitorSettings.defaults();
        List<String> failures = LongStream.rangeClosed(1, 200).parallel()
                .mapToObj(seed -> {
                    MonitorVerdict v = firstFailure(model, seed * 1_000_003L, 10_000, p -> true, settings);
                    return v == null ? null : "seed " + seed + ": " + v.reason();
                })
                .filter(java.util.Objects::nonNull).toList();
        assertEquals(List.of(), failures, "false aborts");
    }

    @Test
    void droppingAThirdOfTheGagauzAbortsWithinTwoCheckpoints() {
        MonitorVerdict v = firstFailure(model, 77, 10_000,
                p -> !(p.ethnicity().equals("Găgăuz") && p.index() % 3 == 0), MonitorSettings.defaults());
        assertNotNull(v, "the bias was caught");
        assertTrue(v.checkpoint() <= 2_000, "caught at checkpoint " + v.checkpoint() + ": " + v.reason());
        assertTrue(v.reason().contains("Găgăuz") && v.reason().contains("checkpoint"), v.reason());
    }

    @Test
    void failuresSpreadLikeThePopulationAreAllowedButConcentratedOnesAreNot() {
        // 1% of personas fail at random (by index): no abort, the dead letters will be retried.
        MonitorSettings settings = MonitorSettings.defaults().withInFlight(64);
        assertEquals(null, firstFailure(model, 5, 10_000, p -> p.index() % 100 != 7, settings));
    }

    @Test
    void aPerturbedCensusTableAbortsWithinTwoCheckpoints(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String f : ReferenceSource.FILES) {
            try (InputStream in = getClass().getResourceAsStream("/census/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        // Move eight points of Moldovans from Orthodox to Baptist in the sampler's copy of the reference.
        ObjectNode root = (ObjectNode) json.readTree(dir.resolve(ReferenceSource.TABLES).toFile());
        ObjectNode row = (ObjectNode) root.path("tables").path("religion_given_ethnicity").path("values")
                .path("moldovan");
        row.put("orthodox", row.path("orthodox").asDouble() - 0.08);
        row.put("baptist", row.path("baptist").asDouble() + 0.08);
        json.writeValue(dir.resolve(ReferenceSource.TABLES).toFile(), root);
        CensusModel perturbed = CensusModel.load(ReferenceSource.directory(dir));
        MonitorVerdict v = firstFailure(perturbed, 11, 10_000, p -> true, MonitorSettings.defaults());
        assertNotNull(v);
        assertTrue(v.checkpoint() <= 2_000 && v.table().equals("religion"), v.reason());
        assertTrue(v.reason().contains("chi-square") && v.reason().contains("Baptistă"), v.reason());
    }

    @Test
    void aValueOutsideTheCensusCategoriesFailsAtOnce() {
        ChiSquareMonitor monitor = new ChiSquareMonitor(List.of(targets.table("region")), List.of(),
                MonitorSettings.defaults().withEvery(1));
        PersonaSampler sampler = new PersonaSampler(model, 1);
        MonitorVerdict ok = monitor.add(new PersonaRecord(sampler.sample(0), Narrative.none()));
        assertTrue(ok.passed());
        Persona p = sampler.sample(1);
        Persona elsewhere = new Persona(p.uuid(), p.index(), p.name(), p.firstName(), p.lastName(), p.sex(), p.age(),
                p.ageGroup(), p.maritalStatus(), p.educationLevel(), p.fieldOfStudy(), p.occupation(),
                p.occupationGroup(), p.employmentStatus(), p.ethnicity(), p.motherTongue(), p.usualLanguage(),
                p.religion(), p.locality(), p.district(), "Transnistria", p.residenceType(), p.country(),
                p.oceanOpenness(), p.oceanConscientiousness(), p.oceanExtraversion(), p.oceanAgreeableness(),
                p.oceanNeuroticism(), p.keys(), p.proposal());
        MonitorVerdict v = monitor.add(new PersonaRecord(elsewhere, Narrative.none()));
        assertFalse(v.passed());
        assertTrue(v.reason().contains("not a census category") && v.reason().contains("'region'"), v.reason());
    }
}
