package md.personas.scaleout;

import java.io.IOException;
import java.nio.file.Path;
import md.personas.run.RunFailure;
import md.personas.scaleout.ShardLock;
import md.personas.scaleout.ShardSpec;

/**
 * A cluster node's slot in the shared output directory: the lowest s in 0..{@link #SLOTS}-1 whose lock file
 * {@code .moldova-personas.node-s.lock} no live process holds. The node numbers its parts s, s+64, s+128, ... (so
 * nodes never choose the same part name) and cleans up only the unfinished parts of its own slot; a slot freed by a
 * node that died is taken by the next node to start, which then removes what the dead node left half written. The
 * OS lock, not the cluster, decides, so two nodes can never share a slot, whatever the network does.
 */
public record NodeSlot(int slot, ShardLock lock) implements AutoCloseable {

    /** At most this many nodes write into one directory at once. */
    public static final int SLOTS = 64;

    public static NodeSlot take(Path dir) throws IOException {
        for (int s = 0; s < SLOTS; s++) {
            ShardLock lock = ShardLock.tryAcquire(dir, lockFileName(s), "cluster node slot " + s);
            if (lock != null) {
                return new NodeSlot(s, lock);
            }
        }
        throw RunFailure.usage(SLOTS + " cluster nodes already write into " + dir + "; at most " + SLOTS
                + " nodes can share one output directory");
    }

    static String lockFileName(int slot) {
        return ".moldova-personas.node-" + slot + ".lock";
    }

    /** The part-number space of this slot: parts s, s+64, ... */
    public ShardSpec partSpace() {
        return new ShardSpec(slot, SLOTS);
    }

    /** The node's own manifest, beside the others'. */
    public String manifestFileName() {
        return "run.node-" + slot + ".json";
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
