package md.personas.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import java.util.concurrent.atomic.AtomicReference;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.census.TargetTable;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.DatasetReport;
import md.personas.monitoring.MonitorAbortException;
import md.personas.monitoring.MonitorVerdict;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.NarrativeStage;
import md.personas.narratives.NarrativeWriter;
import md.personas.narratives.StructuredOnlyWriter;
import md.personas.narratives.llm.LlmConfigurationException;
import md.personas.narratives.llm.LlmNarrativeWriter;
import md.personas.narratives.llm.LlmStats;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.pipeline.PersonaPipeline;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.record.Column;
import md.personas.record.Persona;
import md.personas.record.Row;
import md.personas.release.ReleaseReports;
import md.personas.sampling.PersonaIds;
import md.personas.sampling.PersonaSampler;
import md.personas.cluster.ClusterNode;
import md.personas.cluster.ClusterRun;
import md.personas.scaleout.RateShare;
import md.personas.scaleout.ReleaseCommand;
import md.personas.scaleout.RunScope;
import md.personas.scaleout.ShardPlan;
import md.personas.sinks.CheckpointFailedException;
import md.personas.sinks.DeadLetterSink;
import md.personas.sinks.PartAudit;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.DatasetLabel;
import md.personas.sinks.ReleaseAgreement;
import md.personas.sinks.ReleaseFiles;
import md.personas.sinks.ReleaseWriter;
import md.personas.sinks.RowCursor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import md.personas.service.AbortControl;
import md.personas.service.ControlToken;
import md.personas.service.HttpSettings;
import md.personas.service.OperatorAbortException;
import md.personas.service.ProgressDisplay;
import md.personas.service.SignalHandling;
import md.personas.service.StatusServer;
import md.personas.service.ThrottleControl;
import md.personas.service.ThrottleReload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code generate}: sample, rebalance, narrate and write a dataset; resume what a previous run of the same
 * identity left; release the files, the stats and the card when every persona is written. {@code run.json} is
 * written at the start, every ten checkpoints and at the end, whatever the end is.
 */
public final class GenerateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);
    private static final int MANIFEST_EVERY_CHECKPOINTS = 10;

    private GenerateCommand() {
    }

    public static ExitCode run(CommandLine line) throws Exception {
        Settings settings = SettingsLoader.load(line);
        if (settings.llm().isPresent() && !line.has(ReleaseCommand.RELEASE_ONLY)) { // a release calls no model
            try {
                settings.llm().get().requireApiKey(System.getenv()); // exit 2 before anything starts
            } catch (LlmConfigurationException e) {
                throw RunFailure.usage(e.getMessage());
            }
        }
        HttpSettings http = HttpSettings.from(settings.config());
        Optional<ControlToken> token = ControlToken.fromEnvironment(http.controlTokenEnv(), System.getenv());
        http.checkExposure(token); // exit 2: a non-loopback status server without a control token
        OutputDirectory out = OutputDirectory.check(settings.outputDir());
        CensusModel model = settings.loadCensusModel();
        CensusTargets targets = CensusTargets.compute(model);
        List<TargetTable> controlled = RunPreflight.controlledTables(targets, settings);
        RunPreflight.promptLoads(settings, model);
        RunPreflight.statusPortFree(http); // exit 2 before the directory and run.json exist
        String referenceSha = RunManifest.referenceSha256(settings.censusSource());
        RunIdentity identity = RunIdentity.of(settings, referenceSha);
        boolean fresh = line.has("--fresh");
        RunScope scope = RunScope.of(line);
        boolean partial = scope.sharded() || scope.clustered();
        if (partial && fresh) {
            throw RunFailure.usage("--fresh cannot be combined with --shard or cluster mode (it would delete the "
                    + "other processes' files too); delete the directory, or use another --out");
        }
        if (out.exists()) { // read-only: refusals leave the directory as it was
            scope.requireNotHeld(out.path());
            if (scope.sharded()) {
                scope.inspect(out.path(), identity);
            } else if (!scope.clustered()) {
                inspect(out, identity, fresh);
            }
        }
        out.create();
        try (AutoCloseable lock = scope.lock(out.path())) {
            Inspection found = partial // again, now that no other run can change it
                    ? new Inspection(scope.inspect(out.path(), identity), OutputOwnership.of(out.path(),
                            Optional.empty()))
                    : inspect(out, identity, fresh);
            if (scope.sharded()) {
                ShardPlan.agree(out.path(), new ShardPlan(scope.shard().get().count(), settings.checkpointEvery()));
            }
            if (fresh) {
                for (Path p : found.ownership().freshDeletions()) {
                    LOG.info("--fresh: deleting {}", p);
                    Files.delete(p);
                }
            }
            PartDirectory parts = PartDirectory.in(out.path());
            PartAudit.Result audit = PartAudit.audit(parts, settings.count(),
                    index -> PersonaIds.uuid(settings.seed(), index), scope::ownsPart);
            BitSet done = audit.done();
            done.or(scope.othersIndices(settings.count(), settings.checkpointEvery())); // another shard's
            long doneCount = done.cardinality();
            if (line.has(ReleaseCommand.RELEASE_ONLY) && doneCount < settings.count()) {
                throw new RunFailure(ExitCode.INCOMPLETE, "release not written: " + (settings.count() - doneCount)
                        + " personas are missing from the parts; run the shards that hold them with --resume");
            }
            OutputDirectory.Plan plan = found.plan();
            if (plan == OutputDirectory.Plan.RESUME) {
                LOG.info("resuming in {}: {} of {} personas already written", out.path(), doneCount,
                        settings.count());
            } else {
                if (line.has("--resume")) {
                    LOG.info("--resume: {} holds no earlier run of this configuration, so this run starts it",
                            out.path());
                }
                LOG.info("generating {} personas (seed {}, narratives {}) into {}", settings.count(),
                        settings.seed(), settings.narratives().label(), out.path());
            }
            Run run = new Run(line, settings, new Service(http, token), model, targets, controlled, out.path(),
                    parts, done, scope, RunManifest.begin(settings.seed(), settings.count(), identity.text(),
                            model.referenceId(), referenceSha, narrativesOf(settings), settings.rebalancer())
                            .withPhaseStarted("generate", Instant.now())
                            .withWritten(doneCount));
            run.carryOver(plan, found);
            run.write();
            return run.execute();
        } catch (IOException e) { // before the run started: the lock, --fresh, the audit of the parts
            throw diskFailure(out.path(), e);
        }
    }

    /** A disk error in any phase: one line, exit 1, and --resume continues from the finished parts. */
    static RunFailure diskFailure(Path dir, IOException e) {
        return new RunFailure(ExitCode.INCOMPLETE, "disk error in " + dir + ": " + CheckpointFailedException
                .describe(e) + "; finished parts are intact: free space or fix the disk, then run with --resume", e);
    }

    /** What the directory holds: the plan, and what this program may replace or delete there. */
    private record Inspection(OutputDirectory.Plan plan, OutputOwnership ownership) { }

    /**
     * The checks of an existing directory, all read-only: the manifest is ours, no foreign file or symbolic link
     * sits under a name the run needs, and the run there is this one (or {@code --fresh} says to replace it).
     */
    private static Inspection inspect(OutputDirectory out, RunIdentity identity, boolean fresh) throws IOException {
        Optional<RunManifest> previous = out.previousManifest();
        OutputOwnership ownership = OutputOwnership.of(out.path(), previous);
        ownership.requireOnlyOwnFilesUnder(DatasetLabel.of(identity.count()));
        return new Inspection(out.decide(previous, identity, fresh), ownership);
    }

    private static RunManifest.Narratives narrativesOf(Settings settings) {
        return switch (settings.narratives()) {
            case OFFLINE -> new RunManifest.Narratives("offline", OfflineNarrativeWriter.MODEL, "");
            case NONE -> new RunManifest.Narratives("none", "none", "");
            case LLM -> new RunManifest.Narratives("llm", settings.llm().orElseThrow().model(),
                    settings.llm().orElseThrow().promptVersion());
        };
    }

    /** The status server's settings and the operator's control token, checked before the run starts. */
    private record Service(HttpSettings http, Optional<ControlToken> token) { }

    /** One execution of generate: its state, its manifest and how it ends. */
    private static final class Run {

        private final CommandLine line;
        private final Settings settings;
        private final Service service;
        private final CensusModel model;
        private final Path dir;
        private final PartDirectory parts;
        private final BitSet done;
        private final CensusTargets targets;
        private final List<TargetTable> controlled;
        private final ChiSquareMonitor monitor;
        private final RunProgress progress;
        private final AtomicReference<RunManifest> manifest;
        private final RunScope scope;

        Run(CommandLine line, Settings settings, Service service, CensusModel model, CensusTargets targets,
            List<TargetTable> controlled, Path dir, PartDirectory parts, BitSet done, RunScope scope,
            RunManifest begun) {
            this.line = line;
            this.scope = scope;
            this.settings = settings;
            this.service = service;
            this.model = model;
            this.dir = dir;
            this.parts = parts;
            this.done = done;
            this.targets = targets;
            this.controlled = controlled;
            this.monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                    settings.monitor());
            this.progress = new RunProgress(settings.count());
            this.progress.alreadyDone(done.cardinality());
            this.manifest = new AtomicReference<>(begun);
        }

        /**
         * LLM tokens and cost accumulate across the runs that make one dataset; counts and rebalancer statistics
         * are kept for a resume with nothing left to stream.
         */
        void carryOver(OutputDirectory.Plan plan, Inspection found) throws IOException {
            if (plan != OutputDirectory.Plan.RESUME) {
                return;
            }
            try {
                RunManifest previous = RunManifest.readFile(dir.resolve(scope.manifestFile()));
                manifest.updateAndGet(m -> m.carryingOver(previous).withWritten(done.cardinality()));
            } catch (IOException e) {
                LOG.warn("could not read the previous run.json ({}); tokens and cost restart from zero", e.getMessage());
            }
            if (manifest.get().writtenFiles() == null) { // a manifest of an earlier version: its files, by name
                List<String> legacy = new ArrayList<>();
                for (String name : OutputOwnership.releaseNames(manifest.get().label())) {
                    if (Files.isRegularFile(dir.resolve(name)) && found.ownership().owns(name)) {
                        legacy.add(name);
                    }
                }
                manifest.updateAndGet(m -> m.withWrittenFiles(OutputOwnership.claim(legacy)));
            }
        }

        void write() throws IOException {
            manifest.get().writeTo(dir, scope.manifestFile());
        }

        /** Asked by the release: a SIGTERM, SIGINT or SIGHUP arrived outside the streaming phase. */
        private final java.util.concurrent.atomic.AtomicBoolean stopRequested =
                new java.util.concurrent.atomic.AtomicBoolean();

        /**
         * Runs to the end, whatever the end is: run.json always ends in a final status with the one line that says
         * why. Outside the streaming phase (which handles signals itself) a signal stops the run at the next safe
         * point: before the stream, or by rolling the release back.
         */
        ExitCode execute() throws Exception {
            try (SignalHandling outer = SignalHandling.install(() -> stopRequested.set(true))) {
                try {
                    return executePhases(outer);
                } catch (RunFailure f) {
                    finish(switch (f.exitCode()) {
                        case MONITOR_ABORT -> RunManifest.Status.ABORTED;
                        case INTERRUPTED_HUP, INTERRUPTED_INT, INTERRUPTED_TERM -> RunManifest.Status.INTERRUPTED;
                        default -> RunManifest.Status.INCOMPLETE;
                    }, f.exitCode(), f.getMessage());
                    throw f;
                } catch (Exception e) {
                    RunFailure f = e instanceof IOException io ? diskFailure(dir, io) : new RunFailure(ExitCode.INCOMPLETE,
                            "unexpected failure: " + e + " (run with PERSONAS_LOG_LEVEL=DEBUG for the stack trace)",
                            e);
                    finish(RunManifest.Status.INCOMPLETE, ExitCode.INCOMPLETE, f.getMessage());
                    throw f;
                }
            }
        }

        private ExitCode executePhases(SignalHandling outer) throws Exception {
            preloadMonitor();
            if (done.cardinality() < settings.count()) {
                if (stopRequested.get()) {
                    return interrupted(outer.exitCode().orElse(ExitCode.INTERRUPTED_TERM));
                }
                progress.phase(RunProgress.Phase.STREAMING);
                Optional<ExitCode> interrupted = stream();
                if (interrupted.isPresent()) {
                    return interrupted(interrupted.get());
                }
            }
            MonitorVerdict last = monitor.evaluate();
            manifest.updateAndGet(m -> m.withPhaseEnded("generate", Instant.now()).withVerdict(last));
            LOG.info("stream done; monitor at {} records: {}", monitor.n(),
                    last.passed() ? "all tables pass" : last.reason());
            if (scope.clustered()) {
                finish(RunManifest.Status.COMPLETE, ExitCode.SUCCESS, scope.describe() + " complete");
                if (!clusterReleases) {
                    LOG.info("every range is done; another node writes the release");
                    return ExitCode.SUCCESS;
                }
                scope.unlock(); // the release needs the directory to itself: wait for the other nodes to exit
                ClusterRun.awaitDirectoryAlone(dir, java.time.Duration.ofMinutes(5));
                return ReleaseCommand.releaseCluster(dir, line);
            }
            if (!scope.releasesAtEnd()) {
                LOG.info("{} is complete; `release {}` writes the release once every shard is", scope.describe(), dir);
                finish(RunManifest.Status.COMPLETE, ExitCode.SUCCESS, scope.describe() + " complete");
                return ExitCode.SUCCESS;
            }
            try {
                release();
            } catch (ReleaseAgreement.Stopped stopped) {
                LOG.info("stopped by a signal during the release: the new release files were discarded, the "
                        + "previous ones are unchanged");
                return interrupted(outer.exitCode().orElse(ExitCode.INTERRUPTED_TERM));
            }
            finish(RunManifest.Status.COMPLETE, ExitCode.SUCCESS, null);
            return ExitCode.SUCCESS;
        }

        private ExitCode interrupted(ExitCode code) throws IOException {
            LOG.info("stopped by a signal after a clean checkpoint; run with --resume to continue");
            finish(RunManifest.Status.INTERRUPTED, code, "stopped by a signal; run with --resume to continue");
            return code;
        }

        private void finish(RunManifest.Status status, ExitCode code, String reason) throws IOException {
            progress.phase(switch (status) {
                case COMPLETE -> RunProgress.Phase.COMPLETE;
                case ABORTED -> RunProgress.Phase.ABORTED;
                case INTERRUPTED -> RunProgress.Phase.INTERRUPTED;
                default -> RunProgress.Phase.INCOMPLETE;
            });
            if (status != RunManifest.Status.COMPLETE) {
                try { // what is really on disk, not what passed the monitor
                    long onDisk = parts.doneIndices().cardinality();
                    manifest.updateAndGet(m -> m.withWritten(onDisk));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("could not count the finished parts", e);
                }
            }
            manifest.updateAndGet(m -> m.finished(status, code.code(), reason));
            try {
                write();
            } catch (IOException e) {
                LOG.error("could not write the final run.json: {}", CheckpointFailedException.describe(e));
                if (status == RunManifest.Status.COMPLETE) {
                    throw e;
                }
            }
        }

        /** On resume the monitor starts from the records already written, so its statistics cover the whole run. */
        private void preloadMonitor() throws IOException {
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

        /**
         * Runs the graph with its live service around it (status server, hot reload of the throttle, progress
         * display, SIGTERM/SIGINT handling). Returns the exit code of a signal that stopped it, if one did.
         */
        private Optional<ExitCode> stream() throws Exception {
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "moldova-personas",
                    scope.actorConfig(settings.config())); // a cluster node's joins the cluster
            ExecutorService writers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "narrative-writer");
                t.setDaemon(true);
                return t;
            });
            SharedKillSwitch intake = KillSwitches.shared("intake");
            SharedKillSwitch inFlight = KillSwitches.shared("in-flight");
            SignalHandling signals = SignalHandling.install(intake::shutdown, inFlight::abort);
            List<AutoCloseable> live = new ArrayList<>();
            try (NarrativeWriter writer = writerFor(system)) {
                ThrottleControl throttle = scope.shareRates(throttleOf(writer), writer instanceof LlmNarrativeWriter
                        ? settings.llm().map(l -> l.throttle()) : Optional.empty()); // a shard's part of the rates
                AbortControl abort = reason -> {
                    OperatorAbortException e = new OperatorAbortException(reason);
                    intake.abort(e);
                    inFlight.abort(e);
                };
                if (service.http().enabled()) {
                    live.add(StatusServer.start(system, service.http(), service.token(), progress, throttle, abort));
                }
                List<Path> watched = new ArrayList<>(List.of(SettingsLoader.installedConfig()));
                if (line.has("--config")) {
                    watched.add(Path.of(line.flag("--config")));
                }
                live.add(ThrottleReload.start(watched, () -> SettingsLoader.loadConfig(line), throttle));
                live.add(ProgressDisplay.start(progress));
                if (writer instanceof LlmNarrativeWriter llm) {
                    progress.narrativeStats(llm::stats);
                }
                Pass pass = (skip, claims) -> {
                    QuotaRebalancer rebalancer = new QuotaRebalancer(settings.seed(), model,
                            QuotaPlan.forCount(controlled, settings.count()), settings.rebalancer());
                    lastRebalancer = rebalancer;
                    PersonaPipeline.Stages stages = new PersonaPipeline.Stages(new PersonaSampler(model,
                            settings.seed()), rebalancer, settings.count(), skip,
                            claims.via(narrateStage(writer, writers)), monitor,
                            verdict -> onCheckpoint(verdict, rebalancer, writer), parts,
                            scope.partSettings(settings.checkpointEvery(), parts), dir);
                    PersonaPipeline.Completion completion = PersonaPipeline.graph(stages, intake, inFlight)
                            .run(system);
                    Throwable failure = null;
                    try {
                        completion.monitor().toCompletableFuture().join();
                        completion.jsonl().toCompletableFuture().join();
                        completion.parquet().toCompletableFuture().join();
                        completion.deadLetters().toCompletableFuture().join();
                    } catch (CompletionException e) {
                        failure = e.getCause() == null ? e : e.getCause();
                    }
                    signals.drained();
                    record(rebalancer, writer);
                    if (signals.received()) {
                        return signals.exitCode();
                    }
                    if (failure != null) {
                        throw failed(failure);
                    }
                    return Optional.empty();
                };
                Optional<ExitCode> stopped = scope.clustered()
                        ? clusterPasses(system, pass, throttle)
                        : pass.run(done, Flow.create());
                if (stopped.isPresent()) {
                    return stopped;
                }
                QuotaRebalancer.Stats stats = lastRebalancer.stats();
                LOG.info("rebalancer: {} proposals, acceptance {}, worst prefix deviation {} persons",
                        stats.proposals(), String.format(Locale.ROOT, "%.3f", stats.acceptanceRatio()),
                        String.format(Locale.ROOT, "%.2f", stats.worstPrefixDeviation()));
                if (writer instanceof LlmNarrativeWriter llm && llm.stopReason().isPresent()) {
                    throw new RunFailure(ExitCode.INCOMPLETE, llm.closingLine());
                }
                if (monitor.failures() > 0) {
                    throw new RunFailure(ExitCode.INCOMPLETE, "incomplete: " + monitor.failures()
                            + " personas failed, run with --resume to retry (reasons in "
                            + dir.resolve(DeadLetterSink.FILE) + ")");
                }
                return Optional.empty();
            } finally {
                for (AutoCloseable c : live) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        LOG.debug("closing {} failed", c, e);
                    }
                }
                signals.close();
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

        private QuotaRebalancer lastRebalancer;
        private boolean clusterReleases;

        /**
         * A cluster node's passes (its sweep, then the ranges of lost nodes) on the cluster's actor system, with
         * its share of the rate limits following the number of live nodes. Returns a signal's exit code if one
         * stopped it; decides whether this node writes the release.
         */
        private Optional<ExitCode> clusterPasses(ActorSystem<Void> system, Pass pass, ThrottleControl throttle)
                throws Exception {
            int ranges = Math.toIntExact((settings.count() + settings.checkpointEvery() - 1)
                    / settings.checkpointEvery());
            ClusterNode node = ClusterNode.join(system, ranges, java.time.Duration.ofMinutes(2));
            org.apache.pekko.actor.Cancellable rates = throttle instanceof RateShare share
                    ? system.scheduler().scheduleAtFixedRate(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1),
                            () -> share.shares(node.liveNodes()), system.executionContext())
                    : null;
            try {
                clusterReleases = ClusterRun.work(node, parts, settings.checkpointEvery(), done, (skip, claims) -> {
                    Optional<ExitCode> stopped = pass.run(skip, claims);
                    if (stopped.isPresent()) {
                        throw new StoppedBySignal(stopped.get());
                    }
                });
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

        /**
         * How the operator tunes the narrative stage while it runs: the LLM writer's limiter (workers up to the
         * stage's parallelism, requests and tokens per minute); offline and structured-only runs have nothing to
         * throttle.
         */
        private ThrottleControl throttleOf(NarrativeWriter writer) {
            if (!(writer instanceof LlmNarrativeWriter llm)) {
                return ThrottleControl.unavailable("offline narratives run unthrottled; the throttle applies to "
                        + "--narratives llm");
            }
            int ceiling = settings.workers();
            Object lock = new Object();
            return change -> {
                if (change.workers().isPresent() && change.workers().getAsInt() > ceiling) {
                    throw new IllegalArgumentException("workers can be at most " + ceiling + " in this run (the "
                            + "stage was started with personas.narratives.workers = " + ceiling + ")");
                }
                synchronized (lock) { // HTTP and the hot reload can both arrive at once
                    var limits = llm.limits();
                    if (change.workers().isPresent()) {
                        limits = limits.withMaxConcurrency(change.workers().getAsInt());
                    }
                    if (change.requestsPerMinute().isPresent()) {
                        limits = limits.withRequestsPerMinute(change.requestsPerMinute().getAsDouble());
                    }
                    if (change.tokensPerMinute().isPresent()) {
                        limits = limits.withTokensPerMinute(change.tokensPerMinute().getAsDouble());
                    }
                    llm.updateLimits(limits);
                }
            };
        }

        private NarrativeWriter writerFor(ActorSystem<Void> system) {
            return switch (settings.narratives()) {
                case OFFLINE -> new OfflineNarrativeWriter(model);
                case NONE -> new StructuredOnlyWriter();
                case LLM -> LlmNarrativeWriter.create(system, settings.llm().orElseThrow(), model, System.getenv());
            };
        }

        /**
         * The narrate stage for the writer: the offline writer computes on the writer threads; the LLM writer
         * waits on the network behind its own throttles, and intake stops as soon as it reports a reason to (the
         * budget is reached, the provider refuses the key); structured-only needs no stage at all.
         */
        private Flow<Persona, NarrativeOutcome, NotUsed> narrateStage(NarrativeWriter writer, ExecutorService pool) {
            Flow<Persona, NarrativeOutcome, NotUsed> stage;
            if (writer instanceof LlmNarrativeWriter llm) {
                stage = Flow.<Persona>create()
                        .takeWhile(p -> llm.stopReason().isEmpty())
                        .via(NarrativeStage.waiting(llm, settings.workers()))
                        .filter(o -> !llm.leftForResume(o)); // given up in an outage: not written, resume redoes
            } else {
                stage = settings.narratives() == NarrativeMode.NONE ? NarrativeStage.immediate(writer)
                        : NarrativeStage.computing(writer, settings.workers(), pool);
            }
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
                manifest.updateAndGet(m -> m.withVerdict(verdict));
            }
            long checkpoints = verdict.checkpoint() / settings.monitor().every();
            if (checkpoints % MANIFEST_EVERY_CHECKPOINTS == 0) {
                LOG.info("{} / {} personas written; monitor {}", verdict.checkpoint(), settings.count(),
                        verdict.passed() ? "ok" : "FAILED: " + verdict.reason());
                record(rebalancer, writer);
                try {
                    write();
                } catch (IOException e) {
                    LOG.warn("could not update run.json: {}", e.getMessage());
                }
            }
        }

        /** Counts, rebalancer statistics and LLM usage into the manifest. */
        private void record(QuotaRebalancer rebalancer, NarrativeWriter writer) {
            QuotaRebalancer.Stats stats = rebalancer.stats();
            long written = monitor.n();
            long failures = monitor.failures();
            LlmStats usage = writer instanceof LlmNarrativeWriter llm ? llm.stats() : null;
            manifest.updateAndGet(m -> {
                RunManifest r = m.withCounts(new RunManifest.Counts(stats.proposals(), stats.accepted(), written,
                        failures)).withRebalancerStats(stats);
                if (usage != null) {
                    RunManifest.Usage before = previousUsageOf(m);
                    r = r.withUsage(before.plus(usage.promptTokens(), usage.completionTokens(), usage.costUsd()));
                }
                return r;
            });
        }

        private RunManifest.Usage carried;

        /** The usage carried over from earlier runs, fixed at the first update of this run. */
        private RunManifest.Usage previousUsageOf(RunManifest m) {
            if (carried == null) {
                carried = m.usage();
            }
            return carried;
        }

        private RunFailure failed(Throwable cause) {
            if (cause instanceof MonitorAbortException abort) {
                manifest.updateAndGet(m -> m.withVerdict(abort.verdict()));
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

        /**
         * The release files, read in one merge pass that also feeds the stats; then the reports and the card. Every
         * file's name is recorded in run.json before it is written (so a crash never leaves a file this program
         * cannot prove it wrote) and its size and hash after. The release files replace the previous ones only once
         * they are complete and agree (see {@link ReleaseWriter}); otherwise the previous ones stay.
         */
        private void release() throws IOException {
            progress.phase(RunProgress.Phase.RELEASING);
            String label = manifest.get().label();
            manifest.updateAndGet(m -> m.withPhaseStarted("release", Instant.now()));
            List<String> dataFiles = OutputOwnership.releaseNames(label).subList(0, 3);
            claim(dataFiles);
            DatasetReport.Accumulator report = DatasetReport.accumulator(targets, new ConsistencyRules(model));
            ReleaseFiles files;
            try {
                files = ReleaseWriter.write(parts, dir, label, ReleaseWriter.ROW_GROUP_ROWS, report::add,
                        settings.count(), stopRequested::get);
            } catch (ReleaseWriter.Refused refused) {
                throw new RunFailure(ExitCode.INCOMPLETE, "release not written: " + refused.getMessage()
                        + "; the previous release files are unchanged; run with --resume to complete it");
            }
            manifest.updateAndGet(m -> m.withWritten(files.rows()).withPhaseEnded("release", Instant.now())
                    .withPhaseStarted("reports", Instant.now()));
            recordWritten(dataFiles);
            DatasetReport computed = report.report();
            List<String> reportFiles = ReleaseReports.plannedFiles(label, computed);
            claim(reportFiles);
            RunManifest current = manifest.get();
            ReleaseReports.write(dir, label, model, computed, current, files.parquet().getFileName().toString());
            manifest.updateAndGet(m -> m.withPhaseEnded("reports", Instant.now()));
            recordWritten(reportFiles);
            LOG.info("released {} rows: {}", files.rows(), files.parquet());
        }

        /** Records in run.json, before writing them, that these names are this program's. */
        private void claim(List<String> names) throws IOException {
            manifest.updateAndGet(m -> m.withWrittenFiles(OutputOwnership.claim(names)));
            write();
        }

        /** Records the size (and hash) of files just written; run.json is written at the end of the run. */
        private void recordWritten(List<String> names) throws IOException {
            List<RunManifest.OwnedFile> described = OutputOwnership.describe(dir, names);
            manifest.updateAndGet(m -> m.withWrittenFiles(described));
        }
    }
}
