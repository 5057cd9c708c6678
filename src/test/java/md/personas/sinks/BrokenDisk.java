package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real ways to make a parts folder fail under a running stream, for the failing-disk tests. Which one works depends
 * on who runs the tests: an ordinary user cannot write into a directory without write permission, but root can, so
 * root gets a tmpfs remounted read-only (the kernel refuses writes to everyone), and root without the right to mount
 * gets the folder replaced by a plain file (creating a file inside it fails for everyone).
 */
abstract class BrokenDisk implements AutoCloseable {

    final Path folder;

    private BrokenDisk(Path folder) {
        this.folder = folder;
    }

    /** Creates {@code folder} and picks the first way that really stops writes into it on this machine. */
    static BrokenDisk unwritable(Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        // -Dmd.personas.test.broken-disk=replaced-by-file forces the last resort, to check it by hand
        boolean lastResort = "replaced-by-file".equals(System.getProperty("md.personas.test.broken-disk"));
        if (!lastResort && !canWriteIntoReadOnlyDirectory(folder.resolveSibling("permission-probe"))) {
            return new ReadOnlyPermissions(folder);
        }
        if (!lastResort && Tmpfs.mount(folder, "16m")) {
            return new ReadOnlyRemount(folder);
        }
        return new ReplacedByFile(folder);
    }

    /** Makes writes into the folder fail; files already in it stay readable. */
    abstract void breakIt() throws IOException, InterruptedException;

    /** Makes the folder writable again, with the same files in it. */
    abstract void repair() throws IOException, InterruptedException;

    /** How the folder was broken, for messages. */
    abstract String how();

    @Override
    public void close() throws IOException {
    }

    private static boolean canWriteIntoReadOnlyDirectory(Path probe) throws IOException {
        Files.createDirectories(probe);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.createFile(probe.resolve("x"));
            return true;
        } catch (IOException expected) {
            return false;
        } finally {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.deleteIfExists(probe.resolve("x"));
            Files.delete(probe);
        }
    }

    private static final class ReadOnlyPermissions extends BrokenDisk {
        ReadOnlyPermissions(Path folder) {
            super(folder);
        }

        @Override
        void breakIt() throws IOException {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        }

        @Override
        void repair() throws IOException {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        @Override
        String how() {
            return "directory permissions set to r-xr-xr-x";
        }

        @Override
        public void close() throws IOException {
            repair();
        }
    }

    private static final class ReadOnlyRemount extends BrokenDisk {
        ReadOnlyRemount(Path folder) {
            super(folder);
        }

        @Override
        void breakIt() throws IOException, InterruptedException {
            Tmpfs.run("mount", "-o", "remount,ro", folder.toString());
        }

        @Override
        void repair() throws IOException, InterruptedException {
            Tmpfs.run("mount", "-o", "remount,rw", folder.toString());
        }

        @Override
        String how() {
            return "tmpfs remounted read-only";
        }

        @Override
        public void close() throws IOException {
            try {
                Tmpfs.unmount(folder);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class ReplacedByFile extends BrokenDisk {
        private final Path aside;

        ReplacedByFile(Path folder) {
            super(folder);
            this.aside = folder.resolveSibling(folder.getFileName() + ".aside");
        }

        @Override
        void breakIt() throws IOException {
            Files.move(folder, aside);
            Files.writeString(folder, "not a directory");
        }

        @Override
        void repair() throws IOException {
            Files.delete(folder);
            Files.move(aside, folder);
        }

        @Override
        String how() {
            return "directory replaced by a plain file";
        }
    }

    /** A size-limited tmpfs, when this process may mount one (root with CAP_SYS_ADMIN). */
    static final class Tmpfs {
        private Tmpfs() {
        }

        static boolean mount(Path at, String size) throws IOException, InterruptedException {
            return exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=755", "tmpfs", at.toString()))
                    == 0;
        }

        static void resize(Path at, String size) throws IOException, InterruptedException {
            run("mount", "-o", "remount,size=" + size, at.toString());
        }

        static void unmount(Path at) throws IOException, InterruptedException {
            run("umount", "-l", at.toString());
        }

        static void run(String... command) throws IOException, InterruptedException {
            int exit = exec(List.of(command));
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
        }

        private static int exec(List<String> command) throws IOException, InterruptedException {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                        ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException noSuchCommand) {
                return -1;
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        }
    }
}
