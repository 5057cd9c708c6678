package md.personas.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import md.personas.run.OutputDirectory;
import md.personas.run.OutputLock;
import md.personas.run.RunFailure;
import md.personas.run.RunIdentity;
import md.personas.run.RunManifest;
import md.personas.record.Persona;
import md.personas.scaleout.ShardPlan;
import md.personas.sinks.PartDirectory;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node's work, pass by pass: first a sweep over every index, narrating the ranges the coordinator grants
 * as the stream reaches them; then, while other nodes still hold ranges, passes over the ranges of nodes that were
 * lost (what of them is not in a finished part); then the end: the node the coordinator names writes the release,
 * the others stand by until it is complete in the directory, and take it over if the writer is lost.
 */
public final class ClusterRun {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRun.class);

    /** One pass of the pipeline: the indices to skip, and the filter that lets through this node's ranges. */
    @FunctionalInterface
    public interface Pass {
        /** Runs the graph to its end; throws if it failed or was stopped. */
        void run(BitSet done, Flow<Persona, Persona, NotUsed> claims) throws Exception;
    }

    /** How a node ends once every range is done; the release itself is the operations layer's. */
    public interface Ending {
        /** Whether the release is complete in the directory (by this node or another). */
        boolean released() throws IOException;

        /** This node's parts are all written: give up its slot (the release needs the directory to itself). */
        void standBy() throws IOException;

        /** Writes the release; safe after another node's partial attempt. */
        void release() throws Exception;
    }

    private ClusterRun() {
    }

    /**
     * Sweeps, takes over lost ranges until every range is done, then writes the release or stands by until it is
     * complete; returns once it is.
     */
    public static void work(ClusterNode node, PartDirectory parts, long count, int checkpointEvery, BitSet done,
                            Pass pass, Ending ending) throws Exception {
        // Skip what any node has written, not only this node's parts (a node restarted over a finished directory);
        // a range reclaimed later is checked again when it is granted (ClusterNode#claiming).
        BitSet written = parts.writtenIndices();
        written.or(done);
        pass.run(written, node.claiming(checkpointEvery, r -> true, parts::writtenIndices));
        node.finishedClaims();
        LOG.info("cluster: this node's sweep is done; asking for the ranges of lost nodes");
        boolean standing = false;
        while (!(standing && ending.released())) {
            RangeCoordinator.Work work = node.nextWork();
            if (work instanceof RangeCoordinator.Assigned assigned) {
                Set<Integer> ranges = new HashSet<>(assigned.ranges());
                LOG.info("cluster: taking over {} ranges of a lost node at {}: {}", ranges.size(), Instant.now(),
                        assigned.ranges());
                written = parts.writtenIndices();
                if (standing && !covered(written, ranges, count, checkpointEvery)) {
                    // Only a coordinator that moved forgets ranges, and then they were finished: never here.
                    throw new IllegalStateException("ranges " + assigned.ranges() + " were handed out after every "
                            + "range was done, and are not all in finished parts");
                }
                if (!standing) {
                    pass.run(written, node.claiming(checkpointEvery, ranges::contains, parts::writtenIndices));
                }
                node.finishedClaims();
                LOG.info("cluster: took over {} ranges, done at {}", ranges.size(), Instant.now());
            } else if (work instanceof RangeCoordinator.AllDone end && end.release()) {
                LOG.info("cluster: every range is done; this node writes the release");
                if (!standing) {
                    ending.standBy();
                }
                ending.release();
                return;
            } else {
                if (work instanceof RangeCoordinator.AllDone && !standing) {
                    LOG.info("cluster: every range is done; another node writes the release, this one stands by "
                            + "until it is complete (and writes it if that node is lost)");
                    ending.standBy();
                    standing = true;
                }
                Thread.sleep(1000);
            }
        }
        LOG.info("cluster: the release is complete (written by another node)");
    }

    /** Whether every index of {@code ranges} is in {@code written}. */
    private static boolean covered(BitSet written, Set<Integer> ranges, long count, int checkpointEvery) {
        for (int r : ranges) {
            int from = r * checkpointEvery;
            int to = (int) Math.min(count, (long) from + checkpointEvery);
            if (written.nextClearBit(from) < to) {
                return false;
            }
        }
        return true;
    }

    /**
     * Read-only checks before a node starts in {@code dir}: no shards and no unfinished unsharded run there, and
     * every other node's manifest of this run's identity. Returns whether this slot's manifest is there (resume).
     */
    public static OutputDirectory.Plan inspect(Path dir, NodeSlot slot, RunIdentity identity) throws IOException {
        if (Files.exists(dir.resolve(ShardPlan.FILE_NAME))) {
            throw RunFailure.usage(dir + " holds a sharded run (" + ShardPlan.FILE_NAME + "); run its shards, or "
                    + "give the cluster a directory of its own");
        }
        boolean anyNode = false;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.matches("run\\.node-\\d+\\.json")) {
                    continue;
                }
                anyNode = true;
                RunManifest m = RunManifest.readFile(f);
                String difference = new RunIdentity(m.seed(), m.count(), m.configurationSha256(), "")
                        .differenceFrom(identity);
                if (!difference.isEmpty()) {
                    throw RunFailure.usage(dir + " holds a cluster run with " + difference + " (" + name + "); run "
                            + "every node with the same seed, count and configuration, or use another --out");
                }
            }
        }
        if (!anyNode && Files.isRegularFile(dir.resolve(RunManifest.FILE_NAME))) {
            throw RunFailure.usage(dir + " holds an unsharded run (run.json); continue it without the cluster flags, "
                    + "or give the cluster a directory of its own");
        }
        return Files.isRegularFile(dir.resolve(slot.manifestFileName())) ? OutputDirectory.Plan.RESUME
                : OutputDirectory.Plan.START;
    }

    /**
     * Waits until no other process holds the directory (the other nodes have given up their slots, and no other
     * release is being written), at most {@code timeout}: the release needs the directory to itself.
     */
    public static void awaitDirectoryAlone(Path dir, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                OutputLock.requireNotHeld(dir, OutputLock.WHOLE_DIRECTORY);
                return;
            } catch (RunFailure held) {
                if (System.nanoTime() > deadline) {
                    throw new RunFailure(md.personas.run.ExitCode.INCOMPLETE, "every range is done, but "
                            + "other nodes still hold " + dir + " after " + timeout.toSeconds() + " s; when they have "
                            + "exited, run `release " + dir + "`");
                }
                Thread.sleep(500);
            }
        }
    }
}
