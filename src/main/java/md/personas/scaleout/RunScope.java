package md.personas.scaleout;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;
import md.personas.scaleout.ClusterRun;
import md.personas.scaleout.ClusterSettings;
import md.personas.scaleout.NodeSlot;
import md.personas.narratives.throttle.ThrottleSettings;
import md.personas.run.CommandLine;
import md.personas.run.OutputDirectory;
import md.personas.run.OutputLock;
import md.personas.run.RunIdentity;
import md.personas.run.RunManifest;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;

/**
 * What part of a run this process does: the whole run (it locks the directory, writes {@code run.json} and the
 * release); one shard of it ({@code --shard K/N}: it holds its own lock beside the other shards', writes its own
 * manifest, narrates only its checkpoint ranges, numbers its parts K, K+N, ... and leaves the release to
 * {@code release DIR}); or a cluster node ({@code --cluster-port}: it takes a free node slot, narrates the ranges
 * the cluster's coordinator grants it, numbers its parts in its slot's space, and one node writes the release).
 */
public final class RunScope {

    /** The whole run, as without {@code --shard} or cluster flags. */
    public static final RunScope WHOLE = new RunScope(Optional.empty(), Optional.empty());

    private final Optional<ShardSpec> shard;
    private final Optional<ClusterSettings> cluster;
    private NodeSlot slot; // a cluster node's, once locked

    private RunScope(Optional<ShardSpec> shard, Optional<ClusterSettings> cluster) {
        this.shard = shard;
        this.cluster = cluster;
    }

    /** The scope the command line asks for. */
    public static RunScope of(CommandLine line) {
        Optional<ClusterSettings> cluster = ClusterSettings.of(line);
        Optional<ShardSpec> shard = line.has("--shard") ? Optional.of(ShardSpec.parse(line.flag("--shard")))
                : Optional.empty();
        return shard.isEmpty() && cluster.isEmpty() ? WHOLE : new RunScope(shard, cluster);
    }

    public boolean sharded() {
        return shard.isPresent();
    }

    public boolean clustered() {
        return cluster.isPresent();
    }

    public Optional<ShardSpec> shard() {
        return shard;
    }

    public Optional<ClusterSettings> cluster() {
        return cluster;
    }

    /** Fails with exit 2 naming a live run in the way; read-only (a cluster node checks when it takes its slot). */
    public void requireNotHeld(Path dir) throws IOException {
        if (sharded()) {
            ShardLock.requireNotHeld(dir, shard.get().lockFileName(), describe());
        } else if (!clustered()) {
            OutputLock.requireNotHeld(dir, OutputLock.WHOLE_DIRECTORY);
        }
    }

    /** Takes this process's lock: the directory's, a shard's, or a free cluster node slot. */
    public AutoCloseable lock(Path dir) throws IOException {
        if (sharded()) {
            return ShardLock.acquire(dir, shard.get().lockFileName(), describe());
        }
        if (clustered()) {
            slot = NodeSlot.take(dir);
            return slot;
        }
        return OutputLock.acquire(dir, OutputLock.WHOLE_DIRECTORY);
    }

    /** Gives up a cluster node's slot early (before its release waits for the directory to itself). */
    public void unlock() throws IOException {
        if (slot != null) {
            slot.close();
        }
    }

    /** A shard's or node's read-only checks of the directory (exit 2), and whether it starts or resumes. */
    public OutputDirectory.Plan inspect(Path dir, RunIdentity identity) throws IOException {
        if (sharded()) {
            return ShardDirectory.inspect(dir, shard.get(), identity);
        }
        return ClusterRun.inspect(dir, slot, identity);
    }

    /** The manifest file this process writes. */
    public String manifestFile() {
        if (slot != null) {
            return slot.manifestFileName();
        }
        return shard.map(ShardSpec::manifestFileName).orElse(RunManifest.FILE_NAME);
    }

    /** Whether part number {@code number} is this process's to audit, clean up and quarantine. */
    public boolean ownsPart(int number) {
        if (slot != null) {
            return slot.partSpace().ownsPart(number);
        }
        return shard.map(s -> s.ownsPart(number)).orElse(true);
    }

    /** The indices this process must not narrate because they belong to another shard. */
    public BitSet othersIndices(long count, int checkpointEvery) {
        return shard.map(s -> s.othersIndices(count, checkpointEvery)).orElseGet(BitSet::new);
    }

    /** How this process numbers its next parts: after every part in use, in its own residue class if it has one. */
    public PartSettings partSettings(int checkpointEvery, PartDirectory parts) throws IOException {
        int next = parts.nextPartNumber();
        Optional<ShardSpec> space = slot != null ? Optional.of(slot.partSpace()) : shard;
        if (space.isEmpty()) {
            return PartSettings.of(checkpointEvery).withFirstPartNumber(next);
        }
        ShardSpec s = space.get();
        return PartSettings.of(checkpointEvery).withFirstPartNumber(s.firstPartNumberFrom(next))
                .withPartStride(s.count());
    }

    /** Whether this process writes the release at the end (a shard does not; a cluster node if chosen). */
    public boolean releasesAtEnd() {
        return shard.isEmpty() && cluster.isEmpty();
    }

    /** The actor system's configuration: a cluster node's joins the cluster. */
    public Config actorConfig(Config application) {
        return cluster.map(c -> c.overlay(application)).orElse(application);
    }

    /**
     * The throttle of this process: a shard of N narrates at 1/N of the configured (whole-run) rates (a cluster
     * node re-divides as nodes join and leave); the whole run, or one without rate limits (offline), at the
     * configured ones.
     */
    public ThrottleControl shareRates(ThrottleControl process, Optional<ThrottleSettings> configured) {
        if (configured.isEmpty() || (shard.isEmpty() && cluster.isEmpty())) {
            return process;
        }
        return new RateShare(process, configured.get().requestsPerMinute(), configured.get().tokensPerMinute(),
                shard.map(ShardSpec::count).orElse(1));
    }

    /** "shard 1/3", "cluster node (slot 2)" or "this run", for messages. */
    public String describe() {
        if (shard.isPresent()) {
            return "shard " + shard.get().label();
        }
        return clustered() ? "cluster node" + (slot == null ? "" : " (slot " + slot.slot() + ")") : "this run";
    }
}
