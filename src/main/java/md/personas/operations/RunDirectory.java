package md.personas.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;
import md.personas.run.RunManifest;
import md.personas.sampling.PersonaIds;
import md.personas.scaleout.RunScope;
import md.personas.scaleout.ShardPlan;
import md.personas.sinks.DatasetLabel;
import md.personas.sinks.PartAudit;
import md.personas.sinks.PartDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import md.personas.run.RunFailure;
import md.personas.run.OutputDirectory;
import md.personas.run.RunIdentity;

/**
 * The output directory of one run, held under its lock while the run lasts: checked (read-only, so refusals leave it
 * as it was), created, checked again under the lock, cleared by {@code --fresh}, and its finished parts audited.
 */
final class RunDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    private final AutoCloseable lock; // the directory's, a shard's or a cluster node slot's (RunScope)
    private final Path path;
    private final Inspection found;
    private final PartDirectory parts;
    private final BitSet done;

    private RunDirectory(AutoCloseable lock, Path path, Inspection found, PartDirectory parts, BitSet done) {
        this.lock = lock;
        this.path = path;
        this.found = found;
        this.parts = parts;
        this.done = done;
    }

    /** What the directory holds: the plan, and what this program may replace or delete there. */
    private record Inspection(OutputDirectory.Plan plan, OutputOwnership ownership) { }

    /** Checks an existing {@code out} read-only (refusals leave it as it was), then creates it. */
    static void create(OutputDirectory out, RunIdentity identity, boolean fresh, RunScope scope) throws IOException {
        if (scope != RunScope.WHOLE && fresh) {
            throw RunFailure.usage("--fresh cannot be combined with --shard or cluster mode (it would delete the "
                    + "other processes' files too); delete the directory, or use another --out");
        }
        if (out.exists()) {
            scope.requireNotHeld(out.path());
            if (scope.sharded()) {
                scope.inspect(out.path(), identity);
            } else if (!scope.clustered()) {
                inspect(out, identity, fresh);
            }
        }
        out.create();
    }

    /**
     * Locks the directory {@link #create} made for the run {@code identity}, checks it again now that no other run
     * can change it, applies {@code --fresh} and audits the finished parts.
     */
    static RunDirectory lock(OutputDirectory out, RunIdentity identity, boolean fresh, boolean resumeAsked,
                             long count, long seed, String narratives, RunScope scope, int checkpointEvery)
            throws IOException {
        AutoCloseable lock = scope.lock(out.path());
        try {
            Inspection found = scope == RunScope.WHOLE // again, now that no other run can change it
                    ? inspect(out, identity, fresh)
                    : new Inspection(scope.inspect(out.path(), identity), OutputOwnership.of(out.path(),
                            Optional.empty()));
            if (scope.sharded()) {
                ShardPlan.agree(out.path(), new ShardPlan(scope.shard().get().count(), checkpointEvery));
            }
            if (fresh) {
                for (Path p : found.ownership().freshDeletions()) {
                    LOG.info("--fresh: deleting {}", p);
                    Files.delete(p);
                }
            }
            PartDirectory parts = PartDirectory.in(out.path());
            BitSet done = PartAudit.audit(parts, count, index -> PersonaIds.uuid(seed, index), scope::ownsPart).done();
            done.or(scope.othersIndices(count, checkpointEvery)); // another shard's: as good as done here
            if (found.plan() == OutputDirectory.Plan.RESUME) {
                LOG.info("resuming in {}: {} of {} personas already written", out.path(), done.cardinality(), count);
            } else {
                if (resumeAsked) {
                    LOG.info("--resume: {} holds no earlier run of this configuration, so this run starts it",
                            out.path());
                }
                LOG.info("generating {} personas (seed {}, narratives {}) into {}", count, seed, narratives,
                        out.path());
            }
            return new RunDirectory(lock, out.path(), found, parts, done);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

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

    Path path() {
        return path;
    }

    PartDirectory parts() {
        return parts;
    }

    /** The persona indices whose records are already in finished parts. */
    BitSet done() {
        return done;
    }

    /** Whether the directory holds an earlier run of this identity, which this run continues. */
    boolean resumes() {
        return found.plan() == OutputDirectory.Plan.RESUME;
    }

    OutputOwnership ownership() {
        return found.ownership();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void closeQuietly(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception e) {
            LOG.debug("releasing the lock failed", e);
        }
    }
}
