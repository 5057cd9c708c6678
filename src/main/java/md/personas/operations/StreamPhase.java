package md.personas.operations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.TargetTable;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorAbortException;
import md.personas.monitoring.MonitorVerdict;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.NarrativeWriter;
import md.personas.narratives.NarrativeWriters;
import md.personas.pipeline.PersonaPipeline;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.record.Column;
import md.personas.record.Persona;
import md.personas.record.Row;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import md.personas.run.RunProgress;
import md.personas.sampling.PersonaSampler;
import md.personas.service.ControlToken;
import md.personas.service.HttpSettings;
import md.personas.service.LiveService;
import md.personas.service.OperatorAbortException;
import md.personas.sinks.CheckpointFailedException;
import md.personas.sinks.DeadLetterSink;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.RowCursor;
import java.time.Duration;
import md.personas.scaleout.ClusterNode;
import md.personas.scaleout.ClusterRun;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.scaleout.RateShare;
import md.personas.scaleout.RunScope;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import md.personas.run.CommandLine;

/**
 * The streaming phase of {@code generate}: samples, rebalances, narrates and writes every persona index below
 * {@code count} that {@code done} does not hold, with the live service around the graph. Which indices get narrated
 * is decided by {@code done} and {@code count} alone: the seam for splitting a dataset's indices between runs.
 */
final class StreamPhase {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPhase.class);
    private static final int MANIFEST_EVERY_CHECKPOINTS = 10;

    /** The status server's settings and the operator's control token, checked before the run starts. */
    record Service(HttpSettings http, Optional<ControlToken> token) { }

    private final CommandLine line;
    private final Settings settings;
    private final Service service;
    private final CensusModel model;
    private final List<TargetTable> controlled;
    private final ChiSquareMonitor monitor;
    private final RunProgress progress;
    private final RunRecorder recorder;
    private final PartDirectory parts;
    private final BitSet done;
    private final Path dir;
    private final RunScope scope;
    private QuotaRebalancer lastRebalancer;

    StreamPhase(CommandLine line, Settings settings, Service service, CensusModel model, List<TargetTable> controlled,
                ChiSquareMonitor monitor, RunProgress progress, RunRecorder recorder, PartDirectory parts, BitSet done,
                Path dir, RunScope scope) {
        this.scope = scope;
        this.line = line;
        this.settings = settings;
        this.service = service;
        this.model = model;
        this.controlled = controlled;
        this.monitor = monitor;
        this.progress = progress;
        this.recorder = recorder;
        this.parts = parts;
        this.done = done;
        this.dir = dir;
    }

    /** On resume the monitor starts from the records already written, so its statistics cover the whole run. */
    void preloadMonitor() throws IOException {
        if (done.isEmpty()) {
            return;
        }
        EnumSet<Column> structured = EnumSet.range(Column.UUID, Column.OCEAN_NEUROTICISM);
        try (RowCursor rows = parts.rows(structured)) {
            for (Row row = rows.next(); row != null; row = rows.next()) {
                monitor.add(row);
            }
        }
    }

    /** Whether any persona is left to stream. */
    boolean hasWork() {
        return done.cardinality() < settings.count();
    }

    /**
     * Runs the graph with its live service around it. Returns the exit code of a signal that stopped it, if one did;
     * throws the {@link RunFailure} the stream ended with otherwise.
     */
    Optional<ExitCode> run() throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "moldova-personas",
                scope.actorConfig(settings.config())); // a cluster node's joins the cluster
        ExecutorService writers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "narrative-writer");
            t.setDaemon(true);
            return t;
        });
        SharedKillSwitch intake = KillSwitches.shared("intake");
        SharedKillSwitch inFlight = KillSwitches.shared("in-flight");
        NarrativeWriter writer = writerFor(system);
        ThrottleControl throttle = scope.shareRates(writer.throttle(settings.workers()), // a shard's or node's part
                settings.llm().map(l -> l.throttle()));
        try (writer;
             LiveService live = LiveService.start(system, service.http(), service.token(), progress,
                     throttle, intake, inFlight, watchedConfigFiles(), () -> SettingsLoader.loadConfig(line))) {
            progress.narrativeStats(writer::statistics);
            Pass pass = (skip, claims) -> {
                QuotaRebalancer rebalancer = new QuotaRebalancer(settings.seed(), model,
                        QuotaPlan.forCount(controlled, settings.count()), settings.rebalancer());
                lastRebalancer = rebalancer;
                PersonaPipeline.Stages stages = new PersonaPipeline.Stages(new PersonaSampler(model,
                        settings.seed()), rebalancer, settings.count(), skip,
                        claims.via(counted(writer.stage(settings.workers(), writers))), monitor,
                        verdict -> onCheckpoint(verdict, rebalancer, writer), parts,
                        scope.partSettings(settings.checkpointEvery(), parts), dir);
                PersonaPipeline.Completion completion = PersonaPipeline.graph(stages, intake, inFlight).run(system);
                Throwable failure = null;
                try {
                    completion.monitor().toCompletableFuture().join();
                    completion.jsonl().toCompletableFuture().join();
                    completion.parquet().toCompletableFuture().join();
                    completion.deadLetters().toCompletableFuture().join();
                } catch (CompletionException e) {
                    failure = e.getCause() == null ? e : e.getCause();
                }
                live.drained();
                record(rebalancer, writer);
                Optional<ExitCode> signal = live.stoppedBySignal();
                if (signal.isPresent()) {
                    return signal;
                }
                if (failure != null) {
                    throw failed(failure);
                }
                return Optional.empty();
            };
            Optional<ExitCode> signal = scope.clustered() ? clusterPasses(system, pass, throttle)
                    : pass.run(done, Flow.create());
            if (signal.isPresent()) {
                return signal;
            }
            if (lastRebalancer != null) { // null: a cluster node that found the run released, and ran no pass
                QuotaRebalancer.Stats stats = lastRebalancer.stats();
                LOG.info("rebalancer: {} proposals, acceptance {}, worst prefix deviation {} persons",
                        stats.proposals(), String.format(Locale.ROOT, "%.3f", stats.acceptanceRatio()),
                        String.format(Locale.ROOT, "%.2f", stats.worstPrefixDeviation()));
            }
            if (writer.stopReason().isPresent()) {
                throw new RunFailure(ExitCode.INCOMPLETE, writer.closingLine());
            }
            if (monitor.failures() > 0) {
                throw new RunFailure(ExitCode.INCOMPLETE, "incomplete: " + monitor.failures()
                        + " personas failed, run with --resume to retry (reasons in "
                        + dir.resolve(DeadLetterSink.FILE) + ")");
            }
            return Optional.empty();
        } finally {
            writers.shutdownNow();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** One run of the graph: skipping {@code skip}, narrating what {@code claims} lets through. */
    @FunctionalInterface
    private interface Pass {
        Optional<ExitCode> run(BitSet skip, Flow<Persona, Persona, NotUsed> claims) throws Exception;
    }

    /**
     * A cluster node's passes (its sweep, then the ranges of lost nodes) on the cluster's actor system, with its
     * share of the rate limits following the number of live nodes, then the release (this node's to write, or
     * another's it stands by for), while the node is still a member. Returns a signal's exit code if one stopped it.
     */
    private Optional<ExitCode> clusterPasses(ActorSystem<Void> system, Pass pass, ThrottleControl throttle)
            throws Exception {
        int ranges = Math.toIntExact((settings.count() + settings.checkpointEvery() - 1) / settings.checkpointEvery());
        ClusterRun.Ending ending = PartialRunEnd.clusterEnding(scope, dir, line, recorder);
        ClusterNode node = ClusterNode.join(system, ranges, Duration.ofMinutes(2), ending::released);
        if (node == null) {
            LOG.info("the release of {} was completed while this node joined: nothing left to do", dir);
            return Optional.empty();
        }
        Cancellable rates = throttle instanceof RateShare share
                ? system.scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofSeconds(1),
                        () -> share.shares(node.liveNodes()), system.executionContext())
                : null;
        try {
            ClusterRun.work(node, parts, settings.count(), settings.checkpointEvery(), done, (skip, claims) -> {
                Optional<ExitCode> stopped = pass.run(skip, claims);
                if (stopped.isPresent()) {
                    throw new StoppedBySignal(stopped.get());
                }
            }, ending);
            return Optional.empty();
        } catch (StoppedBySignal s) {
            return Optional.of(s.code);
        } finally {
            if (rates != null) {
                rates.cancel();
            }
            node.close();
        }
    }

    /** A signal stopped a cluster pass. */
    private static final class StoppedBySignal extends Exception {
        private final ExitCode code;

        StoppedBySignal(ExitCode code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private List<Path> watchedConfigFiles() {
        List<Path> watched = new ArrayList<>(List.of(SettingsLoader.installedConfig()));
        if (line.has("--config")) {
            watched.add(Path.of(line.flag("--config")));
        }
        return watched;
    }

    private NarrativeWriter writerFor(ActorSystem<Void> system) {
        return NarrativeWriters.create(settings.narratives(), system, settings.llm(), model, System.getenv());
    }

    /** The writer's stage, its outcomes counted for the progress display. */
    private Flow<Persona, NarrativeOutcome, NotUsed> counted(Flow<Persona, NarrativeOutcome, NotUsed> stage) {
        return stage.wireTap(o -> {
            if (o instanceof NarrativeOutcome.Written) {
                progress.written(1);
            } else {
                progress.failed(1);
            }
        });
    }

    /** Runs on the monitor's thread at every checkpoint. */
    private void onCheckpoint(MonitorVerdict verdict, QuotaRebalancer rebalancer, NarrativeWriter writer) {
        progress.checkpoint(verdict, monitor.latest());
        if (!verdict.passed()) {
            recorder.update(m -> m.withVerdict(verdict));
        }
        long checkpoints = verdict.checkpoint() / settings.monitor().every();
        if (checkpoints % MANIFEST_EVERY_CHECKPOINTS == 0) {
            LOG.info("{} / {} personas written; monitor {}", verdict.checkpoint(), settings.count(),
                    verdict.passed() ? "ok" : "FAILED: " + verdict.reason());
            record(rebalancer, writer);
            recorder.writeQuietly();
        }
    }

    private void record(QuotaRebalancer rebalancer, NarrativeWriter writer) {
        recorder.record(rebalancer.stats(), monitor.n(), monitor.failures(), writer.statistics());
    }

    private RunFailure failed(Throwable cause) {
        if (cause instanceof MonitorAbortException abort) {
            recorder.update(m -> m.withVerdict(abort.verdict()));
            return new RunFailure(ExitCode.MONITOR_ABORT, abort.getMessage()
                    + "; records already written stay valid (see run.json)");
        }
        if (cause instanceof OperatorAbortException operator) {
            return new RunFailure(ExitCode.MONITOR_ABORT, operator.getMessage()
                    + "; records already written stay valid, --resume continues");
        }
        if (cause instanceof CheckpointFailedException disk) {
            return new RunFailure(ExitCode.INCOMPLETE, disk.getMessage().replaceAll("[.\\s]+$", "")
                    + " (generate --resume)");
        }
        if (cause instanceof RunFailure f) {
            return f;
        }
        return new RunFailure(ExitCode.INCOMPLETE, "the stream failed: " + cause + "; run with --resume to "
                + "continue from the last checkpoint", cause);
    }
}
