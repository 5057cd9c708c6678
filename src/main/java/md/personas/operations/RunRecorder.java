package md.personas.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import md.personas.narratives.NarrativeStats;
import md.personas.narratives.llm.EndpointStats;
import md.personas.narratives.llm.LlmStats;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.run.ExitCode;
import md.personas.run.RunManifest;
import md.personas.sinks.CheckpointFailedException;
import md.personas.sinks.PartDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest lifecycle of one run: {@code run.json} is begun before anything else is written, carries over what
 * earlier runs of the same dataset counted, is updated at checkpoints, names every release file before it is written
 * (so a crash never leaves a file this program cannot prove it wrote) and ends in a final status with the one line
 * that says why, whatever the end is. Thread-safe: checkpoints arrive on the monitor's thread.
 */
final class RunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final Path dir;
    private final PartDirectory parts;
    private final AtomicReference<RunManifest> manifest;
    private volatile String fileName = RunManifest.FILE_NAME;
    /** The usage carried over from earlier runs, fixed at the first update of this run. */
    private volatile RunManifest.Usage carried;

    RunRecorder(Path dir, PartDirectory parts, RunManifest begun) {
        this.dir = dir;
        this.parts = parts;
        this.manifest = new AtomicReference<>(begun);
    }

    /** Writes the manifest under another name: a shard's or a cluster node's, beside the others'. */
    void fileName(String name) {
        this.fileName = name;
    }

    Path dir() {
        return dir;
    }

    RunManifest current() {
        return manifest.get();
    }

    void update(UnaryOperator<RunManifest> change) {
        manifest.updateAndGet(change);
    }

    void write() throws IOException {
        manifest.get().writeTo(dir, fileName);
    }

    /** As {@link #write()}, for a checkpoint: a failure is a warning, the run goes on. */
    void writeQuietly() {
        try {
            write();
        } catch (IOException e) {
            LOG.warn("could not update run.json: {}", e.getMessage());
        }
    }

    /**
     * On resume: LLM tokens and cost accumulate across the runs that make one dataset; counts and rebalancer
     * statistics are kept for a resume with nothing left to stream.
     */
    void carryOver(OutputOwnership ownership, long written) throws IOException {
        try {
            RunManifest previous = RunManifest.readFile(dir.resolve(fileName));
            manifest.updateAndGet(m -> m.carryingOver(previous).withWritten(written));
        } catch (IOException e) {
            LOG.warn("could not read the previous run.json ({}); tokens and cost restart from zero", e.getMessage());
        }
        if (manifest.get().writtenFiles() == null) { // a manifest of an earlier version: its files, by name
            List<String> legacy = new ArrayList<>();
            for (String name : OutputOwnership.releaseNames(manifest.get().label())) {
                if (Files.isRegularFile(dir.resolve(name)) && ownership.owns(name)) {
                    legacy.add(name);
                }
            }
            manifest.updateAndGet(m -> m.withWrittenFiles(OutputOwnership.claim(legacy)));
        }
    }

    /** Counts, rebalancer statistics and the narrative writer's usage (added to the usage carried over). */
    void record(QuotaRebalancer.Stats stats, long written, long failures, Optional<NarrativeStats> usage) {
        manifest.updateAndGet(m -> {
            RunManifest r = m.withCounts(new RunManifest.Counts(stats.proposals(), stats.accepted(), written,
                    failures)).withRebalancerStats(stats);
            if (usage.isPresent()) {
                if (carried == null) {
                    carried = m.usage();
                }
                NarrativeStats u = usage.get();
                // An LLM writer's detail holds its per-endpoint counters, added to those carried across resumes.
                List<EndpointStats> endpoints = u.detail() instanceof LlmStats llm ? llm.endpoints() : List.of();
                r = r.withUsage(carried.plus(u.promptTokens(), u.completionTokens(), u.costUsd())
                        .plusEndpoints(RunManifest.EndpointUsage.of(endpoints)));
            }
            return r;
        });
    }

    /** Records in run.json, before writing them, that these names are this program's. */
    void claim(List<String> names) throws IOException {
        manifest.updateAndGet(m -> m.withWrittenFiles(OutputOwnership.claim(names)));
        write();
    }

    /** Records the size (and hash) of files just written; run.json is written at the end of the run. */
    void recordWritten(List<String> names) throws IOException {
        List<RunManifest.OwnedFile> described = OutputOwnership.describe(dir, names);
        manifest.updateAndGet(m -> m.withWrittenFiles(described));
    }

    /**
     * The final status: for an unfinished run, what is really on disk (not what passed the monitor). A failure to
     * write it fails a complete run only; an unfinished one already has its reason to report.
     */
    void finish(RunManifest.Status status, ExitCode code, String reason) throws IOException {
        if (status != RunManifest.Status.COMPLETE) {
            try {
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
}
