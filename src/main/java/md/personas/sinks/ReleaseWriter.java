package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * Writes the release data files, {@code moldova_personas_<label>.jsonl}, {@code .parquet} and {@code .csv}, sorted
 * by index, in one pass over a k-way merge of the finished parts ({@link PartDirectory#rows()}): memory holds the
 * few parts open at the merge frontier and one Parquet row group, whatever N is.
 *
 * <p>The output is a function of the set of records alone, not of how they were cut into parts, so a resumed run
 * gives byte-identical files to an uninterrupted one. Each file is written under a {@code .tmp} name, fsynced, and
 * renamed only when all three are complete.
 *
 * <p>Parquet row groups hold {@value #ROW_GROUP_ROWS} rows. The Hugging Face dataset viewer reads a page of
 * rows from one row group and refuses a group whose rows exceed about 286 MiB in memory (error TooBigContentError;
 * the Hub recommends 100-300 MB per group). 10,000 of our rows measure about 23 MB uncompressed in Parquet with
 * ~3 KB narratives (40 MB as JSON) and under 1 MB without: twelve times under the limit, so even narratives ten
 * times longer would pass. A 100,000-row release has ten groups, so readers that split by row group (DuckDB, Arrow, Spark) can
 * read it in parallel, and a reader never decodes more than one group to show the first rows.
 */
public final class ReleaseWriter {

    /** Rows per Parquet row group in the release file. */
    public static final int ROW_GROUP_ROWS = 10_000;

    private ReleaseWriter() {
    }

    /** Writes the release files of {@code parts} into {@code outDir} with {@link #ROW_GROUP_ROWS}-row groups. */
    public static ReleaseFiles write(PartDirectory parts, Path outDir, String label) throws IOException {
        return write(parts, outDir, label, ROW_GROUP_ROWS);
    }

    /** As {@link #write(PartDirectory, Path, String)}, with Parquet row groups of at most {@code rowGroupRows}. */
    public static ReleaseFiles write(PartDirectory parts, Path outDir, String label, int rowGroupRows)
            throws IOException {
        return write(parts, outDir, label, rowGroupRows, List.of());
    }

    /**
     * As {@link #write(PartDirectory, Path, String, int)}, also handing every row, in index order, to each of
     * {@code alsoTo} (the release reports read the rows in the same pass instead of reading the files again).
     * The three files and each consumer are fed in parallel, each on its own thread through a small bounded queue,
     * so the merge is read once and memory stays independent of N; the slowest of them sets the pace, so a costly
     * consumer is best handed over as several independent ones.
     */
    public static ReleaseFiles write(PartDirectory parts, Path outDir, String label, int rowGroupRows,
                                     List<Consumer<Row>> alsoTo) throws IOException {
        return write(parts, outDir, label, rowGroupRows, alsoTo, -1, () -> false);
    }

    /**
     * As {@link #write(PartDirectory, Path, String, int, Consumer)}, replacing the previous release only when the new
     * one is complete: the temporary files must hold exactly {@code expectedRows} rows with indices 0..N-1 (so every
     * part was used once, none twice) and agree with each other on every row's index and uuid; otherwise they are
     * deleted, {@link Refused} is thrown and the previous files stay. {@code stop} is asked between batches; when it
     * says stop, the temporary files are deleted and {@link ReleaseAgreement.Stopped} is thrown (a signal during the
     * release rolls back). {@code expectedRows} -1 skips the checks.
     */
    public static ReleaseFiles write(PartDirectory parts, Path outDir, String label, int rowGroupRows,
                                     List<Consumer<Row>> alsoTo, long expectedRows, BooleanSupplier stop)
            throws IOException {
        Files.createDirectories(outDir);
        String stem = ReleaseFiles.stem(label);
        Path jsonl = outDir.resolve(stem + ".jsonl");
        Path parquet = outDir.resolve(stem + ".parquet");
        Path csv = outDir.resolve(stem + ".csv");
        List<Path> finals = List.of(jsonl, parquet, csv);
        List<Path> temps = finals.stream().map(p -> p.resolveSibling(p.getFileName() + ".tmp")).toList();

        long rows = 0;
        long first = -1;
        long last = -1;
        ExecutorService threads = Executors.newFixedThreadPool(finals.size() + alsoTo.size(), r -> {
            Thread t = new Thread(r, "release-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Lane> lanes = new ArrayList<>(List.of(
                    new Lane(() -> RecordJson.writer(temps.get(0))),
                    new Lane(() -> RecordParquet.rowWriter(temps.get(1), rowGroupRows)),
                    new Lane(() -> RecordCsv.writer(temps.get(2)))));
            for (Consumer<Row> consumer : alsoTo) {
                lanes.add(new Lane(() -> new RowWriter() {
                    @Override
                    public void write(Row row) {
                        consumer.accept(row);
                    }

                    @Override
                    public void close() {
                    }
                }));
            }
            List<Future<Void>> done = new ArrayList<>();
            for (Lane lane : lanes) {
                done.add(threads.submit(lane));
            }
            try (RowCursor merged = parts.rows()) {
                List<Row> batch = new ArrayList<>(BATCH);
                for (StoredRow row = merged.next(); row != null; row = merged.next()) {
                    batch.add(row);
                    if (rows == 0) {
                        first = row.index();
                    }
                    last = row.index();
                    rows++;
                    if (batch.size() == BATCH) {
                        if (stop.getAsBoolean()) {
                            throw new ReleaseAgreement.Stopped();
                        }
                        for (Lane lane : lanes) {
                            lane.put(batch, done);
                        }
                        batch = new ArrayList<>(BATCH);
                    }
                }
                for (Lane lane : lanes) {
                    lane.put(batch, done);
                    lane.put(Lane.END, done);
                }
            }
            for (Future<Void> f : done) {
                await(f);
            } // each lane closed its writer, which fsyncs the file
            if (expectedRows >= 0) {
                check(temps, rows, first, last, expectedRows, stop);
            }
            for (int i = 0; i < finals.size(); i++) {
                Files.move(temps.get(i), finals.get(i), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            FileSync.directory(outDir);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            try { // a lane still opening its file would create it after the deletion below
                threads.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            threads.shutdownNow();
        }
        return new ReleaseFiles(jsonl, parquet, csv, rows, first, last);
    }

    private static final int BATCH = 256;

    /** A new release that failed its checks; the previous release files are unchanged. */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    /** Throws {@link Refused} unless the three files (JSONL, Parquet, CSV) are the complete, agreeing release. */
    static void check(List<Path> temps, long rows, long first, long last, long expectedRows,
                              BooleanSupplier stop) throws IOException {
        if (rows != expectedRows || (rows > 0 && (first != 0 || last != rows - 1))) {
            throw new Refused("the parts hold " + rows + " rows (indices " + first + "-" + last + "), not "
                    + expectedRows + " rows with indices 0-" + (expectedRows - 1));
        }
        ReleaseAgreement.Result agreement = ReleaseAgreement.check(temps.get(0), temps.get(1), temps.get(2),
                EnumSet.allOf(Column.class), stop);
        if (!agreement.agrees() || agreement.rows() != expectedRows) {
            throw new Refused("the new release files disagree (" + agreement.rows() + " rows; "
                    + agreement.examples() + ")");
        }
    }

    /** One output fed by a bounded queue of row batches; the empty END batch closes it. */
    private static final class Lane implements Callable<Void> {

        static final List<Row> END = new ArrayList<>();

        interface Opener {
            RowWriter open() throws IOException;
        }

        private final Opener opener;
        private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(8);

        Lane(Opener opener) {
            this.opener = opener;
        }

        /** Hands a batch over, failing fast if any lane has failed (so a dead writer cannot stall the reader). */
        void put(List<Row> batch, List<Future<Void>> lanes) throws IOException {
            try {
                while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    for (Future<Void> f : lanes) {
                        if (f.isDone()) {
                            await(f);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("release writing interrupted", e);
            }
        }

        @Override
        public Void call() throws Exception {
            try (RowWriter writer = opener.open()) {
                for (List<Row> batch = queue.take(); batch != END; batch = queue.take()) {
                    for (Row row : batch) {
                        writer.write(row);
                    }
                }
            }
            return null;
        }
    }

    private static void await(Future<Void> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("release writing interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}
