package md.personas.scaleout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import md.personas.run.OutputLock;
import md.personas.run.RunFailure;

/**
 * The locks of one shard (or cluster node) over a shared output directory: a SHARED OS lock on the directory's lock
 * file, which any number of shards hold at once and which a plain run's EXCLUSIVE lock on the same file excludes
 * (both ways), and an EXCLUSIVE lock on the shard's own lock file, so the same shard cannot run twice. The OS
 * releases both when the process ends however it ends, so neither is ever stale. The shard's file says who holds it
 * (pid, host, since) for the refusal message; the directory's file says that a sharded run holds it.
 */
public final class ShardLock implements AutoCloseable {

    private final FileChannel directoryChannel;
    private final FileLock directoryLock;
    private final FileChannel ownChannel;
    private final FileLock ownLock;

    private ShardLock(FileChannel directoryChannel, FileLock directoryLock, FileChannel ownChannel, FileLock ownLock) {
        this.directoryChannel = directoryChannel;
        this.directoryLock = directoryLock;
        this.ownChannel = ownChannel;
        this.ownLock = ownLock;
    }

    /**
     * Takes the shared directory lock and the exclusive lock {@code dir/ownFileName}, or fails with exit 2 naming
     * the live run in the way: a plain run over the directory, or the same shard already running.
     */
    public static ShardLock acquire(Path dir, String ownFileName, String what) throws IOException {
        return acquire(dir, ownFileName, what, true);
    }

    /**
     * As {@link #acquire(Path, String, String)}, but null (nothing held) when another process holds
     * {@code ownFileName}: how a cluster node finds a free slot.
     */
    public static ShardLock tryAcquire(Path dir, String ownFileName, String what) throws IOException {
        return acquire(dir, ownFileName, what, false);
    }

    private static ShardLock acquire(Path dir, String ownFileName, String what, boolean refuse) throws IOException {
        FileChannel dirChannel = open(dir.resolve(OutputLock.WHOLE_DIRECTORY));
        FileLock dirLock;
        try {
            dirLock = tryLock(dirChannel, true);
        } catch (IOException | RuntimeException e) {
            dirChannel.close();
            throw e;
        }
        if (dirLock == null) {
            String holder = OutputLock.holderOf(dirChannel);
            dirChannel.close();
            throw RunFailure.usage(dir + " is in use by a live run over the whole directory (" + holder + "); wait "
                    + "for it to end or stop it (SIGTERM) before starting " + what);
        }
        FileChannel own;
        FileLock ownLock;
        try {
            own = open(dir.resolve(ownFileName));
            ownLock = tryLock(own, false);
            if (ownLock == null) {
                String holder = OutputLock.holderOf(own);
                own.close();
                if (!refuse) {
                    dirLock.release();
                    dirChannel.close();
                    return null;
                }
                throw RunFailure.usage(what + " is already running in " + dir + " (" + holder + "); wait for it to "
                        + "end or stop it (SIGTERM)");
            }
            write(own, OutputLock.describeThisProcess());
            // Read by a plain run that finds the directory locked: it names who holds it.
            write(dirChannel, "shards or cluster nodes: see " + dir.resolve(".moldova-personas.*.lock"));
        } catch (IOException | RuntimeException e) {
            dirLock.release();
            dirChannel.close();
            throw e;
        }
        return new ShardLock(dirChannel, dirLock, own, ownLock);
    }

    /**
     * Fails with exit 2 if a live plain run holds the directory or {@code ownFileName} is held; creates nothing.
     * Lets the refusal name the live run before any other check speaks.
     */
    public static void requireNotHeld(Path dir, String ownFileName, String what) throws IOException {
        Path dirFile = dir.resolve(OutputLock.WHOLE_DIRECTORY);
        if (Files.isRegularFile(dirFile, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel c = FileChannel.open(dirFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock l = tryLock(c, true);
                if (l == null) {
                    throw RunFailure.usage(dir + " is in use by a live run over the whole directory ("
                            + OutputLock.holderOf(c) + "); wait for it to end or stop it (SIGTERM) before starting "
                            + what);
                }
                l.release();
            }
        }
        Path own = dir.resolve(ownFileName);
        if (Files.isRegularFile(own, LinkOption.NOFOLLOW_LINKS)) {
            try (FileChannel c = FileChannel.open(own, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock l = tryLock(c, false);
                if (l == null) {
                    throw RunFailure.usage(what + " is already running in " + dir + " (" + OutputLock.holderOf(c)
                            + "); wait for it to end or stop it (SIGTERM)");
                }
                l.release();
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw RunFailure.usage(file + " is a symbolic link; remove it (this program writes only regular files "
                    + "inside " + file.getParent() + ")");
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Null when another process (or another lock of this JVM) holds a lock that conflicts. */
    private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
        try {
            return channel.tryLock(0L, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException sameProcess) {
            return null;
        }
    }

    private static void write(FileChannel channel, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(bytes), 0);
        channel.force(true);
    }

    /** Releases both locks (once; closing again does nothing); the files stay, describing the last holder. */
    @Override
    public synchronized void close() throws IOException {
        if (!directoryChannel.isOpen()) {
            return;
        }
        try {
            ownLock.release();
            ownChannel.close();
        } finally {
            directoryLock.release();
            directoryChannel.close();
        }
    }
}
