package md.personas.operations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorVerdict;
import md.personas.narratives.NarrativeWriters;
import md.personas.operations.PartialRunEnd;
import md.personas.operations.ReleaseCommand;
import md.personas.scaleout.RunScope;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import md.personas.run.RunManifest;
import md.personas.run.RunProgress;
import md.personas.sinks.CheckpointFailedException;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.ReleaseAgreement;
import md.personas.service.SignalHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import md.personas.run.CommandLine;
import md.personas.run.OutputDirectory;

/**
 * {@code generate}: start (check the settings and the directory, begin {@code run.json}), stream (sample, rebalance,
 * narrate and write the personas not yet written, see {@link StreamPhase}) and release (the files, the stats and the
 * card, see {@link ReleasePhase}); a run into a directory that holds an earlier run of the same identity resumes it.
 * {@link RunRecorder} keeps {@code run.json}: written at the start, every ten checkpoints and at the end, whatever
 * the end is.
 */
public final class GenerateCommand {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    private GenerateCommand() {
    }

    /** Start: every check that can refuse the run, then the directory, locked, and run.json begun. */
    public static ExitCode run(CommandLine line) throws Exception {
        RunPreflight.Checked run = RunPreflight.check(line); // nothing is written before this passes
        Settings settings = run.settings();
        OutputDirectory out = run.out();
        RunScope scope = RunScope.of(line); // the whole run, a shard of it, or a cluster node
        RunDirectory.create(out, run.identity(), line.has("--fresh"), scope);
        try (RunDirectory dir = RunDirectory.lock(out, run.identity(), line.has("--fresh"), line.has("--resume"),
                settings.count(), settings.seed(), settings.narratives().label(), scope, settings.checkpointEvery())) {
            PartDirectory parts = dir.parts();
            BitSet done = dir.done();
            if (line.has(ReleaseCommand.RELEASE_ONLY) && done.cardinality() < settings.count()) {
                throw new RunFailure(ExitCode.INCOMPLETE, "release not written: " + (settings.count()
                        - done.cardinality()) + " personas are missing from the parts; run the shards or nodes "
                        + "that hold them with --resume");
            }
            if ((line.has(ReleaseCommand.RELEASE_ONLY) || scope.clustered()) && ReleasePhase.released(out.path())) {
                LOG.info("the release of {} is complete; it is not written again", out.path());
                return ExitCode.SUCCESS; // checked under the lock: another node or `release` may have written it
            }
            RunRecorder recorder = new RunRecorder(out.path(), parts, RunManifest.begin(settings.seed(),
                    settings.count(), run.identity().text(), run.model().referenceId(), run.referenceSha(),
                    narrativesOf(settings), settings.rebalancer()).withPhaseStarted("generate", Instant.now())
                    .withWritten(done.cardinality()));
            recorder.fileName(scope.manifestFile());
            if (dir.resumes()) {
                recorder.carryOver(dir.ownership(), done.cardinality());
            }
            recorder.write();
            RunProgress progress = new RunProgress(settings.count());
            progress.alreadyDone(done.cardinality());
            // A shard or node sees checkpoint ranges, not a prefix of the accepted stream: the controlled tables'
            // exact band holds for the whole run (checked at the release), so here they get the chi-square only.
            ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(run.targets().tables().values()),
                    scope.releasesAtEnd() ? run.controlled() : java.util.List.of(), settings.monitor());
            StreamPhase stream = new StreamPhase(line, settings, new StreamPhase.Service(run.http(), run.token()),
                    run.model(), run.controlled(), monitor, progress, recorder, parts, done, out.path(), scope);
            Release release = stop -> ReleasePhase.release(out.path(), parts, settings.count(), run.model(),
                    run.targets(), recorder, stop);
            return execute(stream, monitor, progress, recorder, scope.releasesAtEnd() ? release
                    : stop -> PartialRunEnd.end(scope, out.path(), settings.count(), line));
        } catch (IOException e) { // before the run started: the lock, --fresh, the audit of the parts
            throw diskFailure(out.path(), e);
        }
    }

    /** The release phase, given what tells it a signal asked the run to stop. */
    @FunctionalInterface
    private interface Release {
        void run(BooleanSupplier stopRequested) throws Exception;
    }

    /**
     * Runs stream and release to the end, whatever the end is: run.json always ends in a final status with the one
     * line that says why. Outside the streaming phase (which handles signals itself) a signal stops the run at the
     * next safe point: before the stream, or by rolling the release back.
     */
    private static ExitCode execute(StreamPhase stream, ChiSquareMonitor monitor, RunProgress progress,
                                    RunRecorder recorder, Release release) throws Exception {
        AtomicBoolean stopRequested = new AtomicBoolean();
        try (SignalHandling outer = SignalHandling.install(() -> stopRequested.set(true))) {
            try {
                stream.preloadMonitor();
                if (stream.hasWork()) {
                    if (stopRequested.get()) {
                        return interrupted(progress, recorder, outer.exitCode().orElse(ExitCode.INTERRUPTED_TERM));
                    }
                    progress.phase(RunProgress.Phase.STREAMING);
                    Optional<ExitCode> interrupted = stream.run();
                    if (interrupted.isPresent()) {
                        return interrupted(progress, recorder, interrupted.get());
                    }
                }
                MonitorVerdict last = monitor.evaluate();
                recorder.update(m -> m.withPhaseEnded("generate", Instant.now()).withVerdict(last));
                LOG.info("stream done; monitor at {} records: {}", monitor.n(),
                        last.passed() ? "all tables pass" : last.reason());
                progress.phase(RunProgress.Phase.RELEASING);
                try {
                    release.run(stopRequested::get);
                } catch (ReleaseAgreement.Stopped stopped) {
                    LOG.info("stopped by a signal during the release: the new release files were discarded, the "
                            + "previous ones are unchanged");
                    return interrupted(progress, recorder, outer.exitCode().orElse(ExitCode.INTERRUPTED_TERM));
                }
                if (stopRequested.get()) { // the release files were in place: rolling back would lose the good ones
                    LOG.info("a signal arrived after the new release files were in place; the reports were "
                            + "finished too, so the run is complete");
                }
                finish(progress, recorder, RunManifest.Status.COMPLETE, ExitCode.SUCCESS, null);
                return ExitCode.SUCCESS;
            } catch (RunFailure f) {
                finish(progress, recorder, switch (f.exitCode()) {
                    case MONITOR_ABORT -> RunManifest.Status.ABORTED;
                    case INTERRUPTED_HUP, INTERRUPTED_INT, INTERRUPTED_TERM -> RunManifest.Status.INTERRUPTED;
                    default -> RunManifest.Status.INCOMPLETE;
                }, f.exitCode(), f.getMessage());
                throw f;
            } catch (Exception e) {
                RunFailure f = e instanceof IOException io ? diskFailure(recorder.dir(), io) : new RunFailure(
                        ExitCode.INCOMPLETE, "unexpected failure: " + e
                        + " (run with PERSONAS_LOG_LEVEL=DEBUG for the stack trace)", e);
                finish(progress, recorder, RunManifest.Status.INCOMPLETE, ExitCode.INCOMPLETE, f.getMessage());
                throw f;
            }
        }
    }

    private static ExitCode interrupted(RunProgress progress, RunRecorder recorder, ExitCode code) throws IOException {
        LOG.info("stopped by a signal after a clean checkpoint; run with --resume to continue");
        finish(progress, recorder, RunManifest.Status.INTERRUPTED, code,
                "stopped by a signal; run with --resume to continue");
        return code;
    }

    private static void finish(RunProgress progress, RunRecorder recorder, RunManifest.Status status, ExitCode code,
                               String reason) throws IOException {
        progress.phase(switch (status) {
            case COMPLETE -> RunProgress.Phase.COMPLETE;
            case ABORTED -> RunProgress.Phase.ABORTED;
            case INTERRUPTED -> RunProgress.Phase.INTERRUPTED;
            default -> RunProgress.Phase.INCOMPLETE;
        });
        recorder.finish(status, code, reason);
    }

    /** A disk error in any phase: one line, exit 1, and --resume continues from the finished parts. */
    static RunFailure diskFailure(Path dir, IOException e) {
        return new RunFailure(ExitCode.INCOMPLETE, "disk error in " + dir + ": " + CheckpointFailedException
                .describe(e) + "; finished parts are intact: free space or fix the disk, then run with --resume", e);
    }

    private static RunManifest.Narratives narrativesOf(Settings settings) {
        return new RunManifest.Narratives(settings.narratives().label(),
                NarrativeWriters.model(settings.narratives(), settings.llm()),
                NarrativeWriters.promptVersion(settings.narratives(), settings.llm()));
    }
}
