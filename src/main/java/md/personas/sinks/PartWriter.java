package md.personas.sinks;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import md.personas.record.Row;

/**
 * Writes one checkpoint part of one format so that it is either finished or plainly not: the rows, sorted by
 * index, go to {@code part-N.<ext>.tmp}; the file is fsynced, renamed atomically to {@code part-N.<ext>}, and the
 * directory is fsynced so the rename itself survives a power cut. Only the rename makes a part visible as
 * finished, and it happens only once the bytes are on disk.
 */
final class PartWriter {

    private final PartDirectory directory;
    private final PartFormat format;

    PartWriter(PartDirectory directory, PartFormat format) {
        this.directory = directory;
        this.format = format;
    }

    /** Writes part {@code number} holding {@code rows} (any order; at least one row). Blocking. */
    PartWritten write(int number, List<? extends Row> rows) throws CheckpointFailedException {
        List<Row> sorted = sortedByIndex(number, rows);
        Path dir = directory.path();
        Path finished = dir.resolve(format.fileName(number));
        Path temp = dir.resolve(format.tempFileName(number));
        try {
            Files.createDirectories(dir);
            if (Files.exists(finished)) {
                // Never replace a finished part: a resumed run numbers its parts after every existing one.
                throw new FileAlreadyExistsException(finished.toString(), null,
                        "a finished part already has this number; a resumed run must start at "
                                + "PartDirectory.nextPartNumber()");
            }
            format.writeSynced(temp, sorted);
            Files.move(temp, finished, StandardCopyOption.ATOMIC_MOVE);
            FileSync.directory(dir);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CheckpointFailedException(dir, format, number, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            IOException io = ioCause(e);
            if (io != null) { // parquet-java wraps some write errors in its own unchecked exceptions
                throw new CheckpointFailedException(dir, format, number, io);
            }
            throw e;
        }
        return new PartWritten(format, number, finished, sorted.size(),
                StoredRow.indexOf(sorted.get(0)), StoredRow.indexOf(sorted.get(sorted.size() - 1)));
    }

    private static List<Row> sortedByIndex(int number, List<? extends Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("part " + number + " has no rows");
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(StoredRow::indexOf));
        for (int i = 1; i < sorted.size(); i++) {
            if (StoredRow.indexOf(sorted.get(i)) == StoredRow.indexOf(sorted.get(i - 1))) {
                throw new IllegalStateException("index " + StoredRow.indexOf(sorted.get(i)) + " appears twice in part "
                        + number + ": the stream must not repeat a record");
            }
        }
        return sorted;
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException | RuntimeException ignored) {
            // e.g. a read-only directory: the temporary file stays an orphan, reported by the next scan
        }
    }
}
