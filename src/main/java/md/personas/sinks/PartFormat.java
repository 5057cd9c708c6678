package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.record.Row;

/**
 * The two formats of a checkpoint part, their file names, and how a whole part is written. A finished part is
 * {@code part-000042.jsonl} / {@code part-000042.parquet}; while it is being written it is
 * {@code part-000042.jsonl.tmp}, a name no reader takes for a finished part.
 */
public enum PartFormat {
    JSONL("jsonl") {
        @Override
        RowWriter writer(Path file) throws IOException {
            return RecordJson.writer(file);
        }

        @Override
        public RowCursor open(Path file) throws IOException {
            return RecordJson.open(file);
        }
    },
    PARQUET("parquet") {
        @Override
        RowWriter writer(Path file) throws IOException {
            return RecordParquet.rowWriter(file, PART_ROW_GROUP_ROWS);
        }

        @Override
        public RowCursor open(Path file) throws IOException {
            return RecordParquet.open(file);
        }
    };

    /** A part is at most checkpoint-every rows; one row group keeps a part's footer small. */
    private static final int PART_ROW_GROUP_ROWS = 100_000;

    private static final Pattern NAME = Pattern.compile("part-(\\d{1,9})\\.(jsonl|parquet)(\\.tmp)?");

    private final String extension;

    PartFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The name of finished part {@code number}, e.g. {@code part-000042.jsonl}. */
    public String fileName(int number) {
        return String.format(Locale.ROOT, "part-%06d.%s", number, extension);
    }

    /** The name of part {@code number} while it is being written. */
    public String tempFileName(int number) {
        return fileName(number) + ".tmp";
    }

    /** A writer to {@code file} (replacing it) whose close fsyncs the file. */
    abstract RowWriter writer(Path file) throws IOException;

    /** Writes {@code rows} to {@code file} (replacing it) and fsyncs the file before returning. */
    void writeSynced(Path file, List<? extends Row> rows) throws IOException {
        try (RowWriter writer = writer(file)) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
    }

    /** A cursor over every row of a part file of this format, in file order. */
    public abstract RowCursor open(Path file) throws IOException;

    /** What a file name in {@code parts/} says about itself; empty for a name that is not a part's. */
    static Optional<PartFileName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        PartFormat format = m.group(2).equals("jsonl") ? JSONL : PARQUET;
        return Optional.of(new PartFileName(Integer.parseInt(m.group(1)), format, m.group(3) == null));
    }

    /** A parsed part file name: part number, format, and whether it is a finished part or a temporary file. */
    record PartFileName(int number, PartFormat format, boolean finished) {
    }
}
