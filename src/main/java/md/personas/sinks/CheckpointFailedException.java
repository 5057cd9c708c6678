package md.personas.sinks;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A checkpoint part could not be written (disk full, a read-only or vanished directory, an I/O error). The stream
 * fails with it; every part finished before stays intact, and a resumed run redoes this one.
 */
public final class CheckpointFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int partNumber;

    CheckpointFailedException(Path directory, PartFormat format, int partNumber, IOException cause) {
        super("could not write checkpoint part " + partNumber + " (" + format.fileName(partNumber) + ") in "
                + directory + ": " + describe(cause) + ". Finished parts are intact; once the disk is writable "
                + "again, resuming continues from them.", cause);
        this.partNumber = partNumber;
    }

    public int partNumber() {
        return partNumber;
    }

    /** The reason in words: NIO's AccessDeniedException, for one, carries only the path as its message. */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied for " + a.getFile();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() != null ? f.getReason()
                    : e instanceof FileAlreadyExistsException ? "in the way: a file already exists" : "failed";
            return reason + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
