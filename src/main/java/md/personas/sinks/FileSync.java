package md.personas.sinks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a directory, which makes a rename in it durable. */
final class FileSync {

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private FileSync() {
    }

    /**
     * Syncs the directory entry table of {@code directory}. On Linux and macOS a directory opened for reading can
     * be fsynced; Windows cannot open a directory as a file and has no such step, so there it does nothing.
     */
    static void directory(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
