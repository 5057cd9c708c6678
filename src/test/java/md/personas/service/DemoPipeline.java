package md.personas.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorSettings;
import md.personas.narratives.NarrativeOutcome;
import md.personas.run.RunProgress;
import md.personas.pipeline.PersonaPipeline;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * The real generation graph (sampler, rebalancer, part sinks, monitor) for the child processes of the service
 * tests and the dashboard check, with structured-only narratives slowed to a steady rate so that a run lasts long
 * enough to be watched, signalled and resumed. It reports to a {@link RunProgress} as {@code generate} will.
 */
final class DemoPipeline {

    private DemoPipeline() {
    }

    /** Runs (resuming what {@code out} already holds) and returns the graph's completions. */
    static PersonaPipeline.Completion run(ActorSystem<Void> system, Path out, long count, int perSecond,
                                          RunProgress progress, SharedKillSwitch killSwitch) throws Exception {
        return run(system, out, count, perSecond, Long.MAX_VALUE, progress, killSwitch, KillSwitches.shared("abandon"));
    }

    /**
     * As above, with a narrative stage that hangs from persona {@code stuckFrom} on: its calls never answer, like
     * LLM calls stuck on a dead connection, so that the stream cannot drain after a graceful stop. {@code abandon}
     * sits right after the narrative stage, as in {@code generate}: aborting it gives up the personas in flight.
     */
    static PersonaPipeline.Completion run(ActorSystem<Void> system, Path out, long count, int perSecond,
                                          long stuckFrom, RunProgress progress, SharedKillSwitch killSwitch,
                                          SharedKillSwitch abandon) throws Exception {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        CensusTargets targets = CensusTargets.compute(model);
        List<TargetTable> controlled = Rebalancing.controlledTables(targets, RebalancerSettings.DEFAULT_TABLES);
        java.nio.file.Files.createDirectories(out);
        PartDirectory parts = PartDirectory.in(out);
        parts.removeOrphans();
        BitSet done = parts.doneIndices();
        progress.alreadyDone(done.cardinality());
        // Report only: a resumed window of the stream is not a prefix, which the controlled-table rule assumes.
        ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                new MonitorSettings(1000, 1000, 1e-6, 0, 2.0, 4, false));
        Flow<Persona, NarrativeOutcome, NotUsed> narrate = Flow.<Persona>create()
                .throttle(perSecond, Duration.ofSeconds(1), perSecond / 10 + 1, ThrottleMode.shaping())
                .mapAsyncUnordered(4, p -> p.index() >= stuckFrom ? new CompletableFuture<NarrativeOutcome>()
                        : CompletableFuture.completedFuture(
                                (NarrativeOutcome) new NarrativeOutcome.Written(p, Narrative.none())))
                .wireTap(o -> progress.written(1));
        PersonaPipeline.Stages stages = new PersonaPipeline.Stages(new PersonaSampler(model, 7),
                new QuotaRebalancer(7, model, QuotaPlan.forCount(controlled, count), RebalancerSettings.defaults()),
                count, done, narrate, monitor, verdict -> progress.checkpoint(verdict, monitor.latest()), parts,
                PartSettings.of(1000).withFirstPartNumber(parts.nextPartNumber()), out);
        progress.phase(RunProgress.Phase.STREAMING);
        return PersonaPipeline.graph(stages, killSwitch, abandon).run(system);
    }
}
