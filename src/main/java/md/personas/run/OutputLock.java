package md.personas.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import md.personas.run.RunFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock a run holds on its output directory for its whole life: an OS lock ({@link FileChannel#tryLock()}) on a
 * lock file, which the operating system releases when the process ends however it ends, so a lock is never stale.
 * The file also says who holds it (pid, host, since) for the message a second run prints; that text is only a
 * description: the OS lock decides. The file stays after the run (deleting it would let two runs lock two different
 * files of the same name).
 *
 * <p>The file name is a parameter so that a run of one shard can lock only its shard's file.
 */
public final class OutputLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    /** The lock file of a run over the whole directory. */
    public static final String WHOLE_DIRECTORY = ".moldova-personas.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock {@code dir/fileName} (creating the file if needed) and writes this process into it, or fails
     * with exit 2 naming the live run that holds it. A file left by a process that is gone is taken over.
     */
    public static OutputLock acquire(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        if (Files.isSymbolicLink(file)) {
            throw RunFailure.usage(file + " is a symbolic link; remove it (this program writes only regular files "
                    + "inside " + dir + ")");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holderOf(channel);
            channel.close();
            throw inUse(dir, holder);
        }
        String previous = holderOf(channel);
        if (!previous.equals("unknown")) {
            LOG.info("taking over the lock of {}: that run is gone", previous);
        }
        byte[] me = (describeThisProcess() + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        channel.force(true);
        return new OutputLock(file, channel, lock);
    }

    /**
     * Fails with exit 2 naming the live run if one holds {@code dir/fileName}; creates nothing (a directory without
     * the file has no live run). Lets the refusal name the live run before any other check speaks.
     */
    public static void requireNotHeld(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(dir, holderOf(channel));
            }
            lock.release();
        }
    }

    private static RunFailure inUse(Path dir, String holder) {
        return RunFailure.usage(dir + " is in use by a live run (" + holder + "); wait for it to end or stop it "
                + "(SIGTERM), or choose another --out");
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** "pid 4242 on host x since 2026-...": what this process writes into a lock file. */
    public static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return "pid " + ProcessHandle.current().pid() + " on host " + host + " since " + Instant.now();
    }

    /** The first line of an open lock file: who holds (or last held) it, or "unknown". */
    public static String holderOf(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 512);
        if (size == 0) {
            return "unknown";
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "unknown" : text.lines().findFirst().orElse("unknown");
    }

    /** Releases the lock; the file stays, describing the last holder. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
