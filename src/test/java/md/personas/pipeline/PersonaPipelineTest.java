package md.personas.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorAbortException;
import md.personas.monitoring.MonitorSettings;
import md.personas.narratives.NarrativeOutcome;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.Row;
import md.personas.sampling.PersonaSampler;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;
import md.personas.sinks.RowCursor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real graph: a stream biased after the rebalancer is stopped by the monitor, and what was written stays. */
class PersonaPipelineTest {

    static ActorSystem<Void> system;
    static CensusModel model;
    static CensusTargets targets;
    static List<TargetTable> controlled;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "pipeline-test");
        model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
        controlled = Rebalancing.controlledTables(targets, RebalancerSettings.DEFAULT_TABLES);
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    private static PersonaPipeline.Stages stages(Path out, long count, Flow<Persona, NarrativeOutcome, NotUsed> narrate,
                                                 ChiSquareMonitor monitor) {
        return new PersonaPipeline.Stages(new PersonaSampler(model, 21),
                new QuotaRebalancer(21, model, QuotaPlan.forCount(controlled, count), RebalancerSettings.defaults()),
                count, new BitSet(), narrate, monitor, v -> { }, PartDirectory.in(out), PartSettings.of(1000), out);
    }

    /** The lossy stage below loses nobody before this index, so parts are finished before the abort. */
    private static final int LOSSLESS = 3000;

    @Test
    void aNarrativeStageThatLosesGagauzIsAbortedAndTheWrittenPartsStayValid(@TempDir Path out) throws Exception {
        Flow<Persona, NarrativeOutcome, NotUsed> lossy = Flow.<Persona>create()
                .filter(p -> !(p.ethnicity().equals("Găgăuz") && p.index() % 3 == 0 && p.index() >= LOSSLESS))
                .map(p -> (NarrativeOutcome) new NarrativeOutcome.Written(p, Narrative.none()));
        ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                MonitorSettings.defaults());
        PersonaPipeline.Completion c = PersonaPipeline.graph(stages(out, 20_000, lossy, monitor),
                KillSwitches.shared("test"), KillSwitches.shared("test-in-flight")).run(system);
        CompletionException e = assertThrows(CompletionException.class,
                () -> c.jsonl().toCompletableFuture().join());
        assertInstanceOf(MonitorAbortException.class, e.getCause());
        MonitorAbortException abort = (MonitorAbortException) e.getCause();
        assertTrue(abort.verdict().checkpoint() <= LOSSLESS + 2000, abort.getMessage());
        assertTrue(abort.getMessage().contains("Găgăuz"), abort.getMessage());
        // Whatever parts were finished before the abort are complete and readable, once both sinks have stopped.
        c.parquet().handle((written, failure) -> null).toCompletableFuture().join();
        PartDirectory parts = PartDirectory.in(out);
        BitSet done = parts.doneIndices();
        long rows = 0;
        try (RowCursor cursor = parts.rows()) {
            for (Row r = cursor.next(); r != null; r = cursor.next()) {
                rows++;
            }
        }
        assertEquals(done.cardinality(), rows);
        assertTrue(rows >= LOSSLESS - 1000, "the parts finished before the loss began are kept: " + rows);
        assertTrue(rows < 20_000, "the stream stopped early");
    }

    @Test
    void aFaithfulStreamCompletesWithEveryPartWritten(@TempDir Path out) {
        Flow<Persona, NarrativeOutcome, NotUsed> faithful = Flow.<Persona>create()
                .map(p -> (NarrativeOutcome) new NarrativeOutcome.Written(p, Narrative.none()));
        ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                MonitorSettings.defaults());
        PersonaPipeline.Completion c = PersonaPipeline.graph(stages(out, 5_000, faithful, monitor),
                KillSwitches.shared("test"), KillSwitches.shared("test-in-flight")).run(system);
        assertEquals(5_000, c.jsonl().toCompletableFuture().join().records());
        assertEquals(5_000, c.parquet().toCompletableFuture().join().records());
        assertEquals(5_000, c.monitor().toCompletableFuture().join().n());
        assertTrue(monitor.verdicts().size() >= 4, "a verdict at every checkpoint: " + monitor.verdicts().size());
        assertTrue(monitor.verdicts().stream().allMatch(v -> v.passed()));
    }
}
