package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
        try {
            try (RowCursor merged = parts.rows();
                    RowWriter jsonlOut = RecordJson.writer(temps.get(0));
                    RowWriter parquetOut = RecordParquet.rowWriter(temps.get(1), rowGroupRows);
                    RowWriter csvOut = RecordCsv.writer(temps.get(2))) {
                for (StoredRow row = merged.next(); row != null; row = merged.next()) {
                    jsonlOut.write(row);
                    parquetOut.write(row);
                    csvOut.write(row);
                    if (rows == 0) {
                        first = row.index();
                    }
                    last = row.index();
                    rows++;
                }
            } // closing the writers fsyncs the three files
            for (int i = 0; i < finals.size(); i++) {
                Files.move(temps.get(i), finals.get(i), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            FileSync.directory(outDir);
        } catch (IOException | RuntimeException e) {
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new ReleaseFiles(jsonl, parquet, csv, rows, first, last);
    }
}
