package md.personas.sinks;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * The CSV form of a record, written with Jackson CSV: RFC 4180 (comma-separated, CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled), a header row of the contract's column names, UTF-8 with a
 * byte-order mark so that Excel opens the file as UTF-8 and shows ă, â, î, ș, ț. List columns hold their JSON array
 * as a string ({@code ["Șah","Citit"]}), the form the README gives for CSV (Output directory). Text that a spreadsheet would run as a
 * formula gets a leading single quote ({@link CsvCells}); JSONL and Parquet keep it exactly.
 */
public final class RecordCsv {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final Column[] COLUMNS = Column.values();
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // close() fsyncs the file before closing it
            .build();
    private static final CsvSchema SCHEMA = schema();

    private RecordCsv() {
    }

    /** A writer of the header and then one CSV row per record to {@code file}; closing it fsyncs the file. */
    public static RowWriter writer(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        Writer text = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), 1 << 16);
        text.write(BYTE_ORDER_MARK);
        // Jackson flushes after every value by default, which made a write system call per row.
        SequenceWriter rows = MAPPER.writer(SCHEMA).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .writeValues(text);
        return new RowWriter() {
            private final Object[] values = new Object[COLUMNS.length];

            @Override
            public void write(Row row) throws IOException {
                for (Column c : COLUMNS) {
                    Object v = row.get(c);
                    if (v == null) {
                        throw new IllegalArgumentException("column " + c.columnName()
                                + " is null in the record with index " + row.get(Column.INDEX));
                    }
                    values[c.ordinal()] = c.type() == Column.Type.STRING_LIST
                            ? RecordJson.listToJson(RecordJson.listOf(v))
                            : v instanceof String text ? CsvCells.neutralise(text) : v;
                }
                rows.write(values);
            }

            @Override
            public void close() throws IOException {
                try (channel) {
                    rows.close(); // flushes into text and leaves it open
                    text.flush();
                    channel.force(true);
                }
            }
        };
    }

    /**
     * The text a CSV cell of column {@code c} holds for value {@code v} (before RFC 4180 quoting): what a reader
     * of the file compares with the same record read from JSONL or Parquet.
     */
    public static String cellText(Column c, Object v) {
        return c.type() == Column.Type.STRING_LIST ? RecordJson.listToJson(RecordJson.listOf(v)) : String.valueOf(v);
    }

    /**
     * The rows of a CSV release file as cell texts, streaming; the byte-order mark is skipped and the header must be
     * the contract's column names.
     */
    public static TextRows open(Path file) throws IOException {
        java.io.Reader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                java.nio.file.Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16);
        in.mark(1);
        if (in.read() != BYTE_ORDER_MARK) {
            in.reset();
        }
        com.fasterxml.jackson.databind.MappingIterator<String[]> rows = MAPPER.readerFor(String[].class)
                .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(in);
        TextRows cursor = new TextRows(file, rows, in);
        String[] header = cursor.next();
        String[] expected = new String[COLUMNS.length];
        for (Column c : COLUMNS) {
            expected[c.ordinal()] = c.columnName();
        }
        if (header == null || !java.util.Arrays.equals(header, expected)) {
            cursor.close();
            throw new RecordFormatException(file + ": the header is not the contract's column names");
        }
        return cursor;
    }

    /** Rows of a CSV file as the texts of their cells, one row at a time. */
    public static final class TextRows implements java.io.Closeable {
        private final Path file;
        private final com.fasterxml.jackson.databind.MappingIterator<String[]> rows;
        private final java.io.Reader in;
        private long line;

        private TextRows(Path file, com.fasterxml.jackson.databind.MappingIterator<String[]> rows,
                         java.io.Reader in) {
            this.file = file;
            this.rows = rows;
            this.in = in;
        }

        /** The next row's cells, or null at the end. */
        public String[] next() throws IOException {
            try {
                if (!rows.hasNextValue()) {
                    return null;
                }
                line++;
                String[] cells = rows.nextValue();
                if (line > 1 && cells.length != COLUMNS.length) {
                    throw new RecordFormatException(file + " row " + (line - 1) + ": " + cells.length
                            + " cells, not " + COLUMNS.length);
                }
                return cells;
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new RecordFormatException(file + " row " + line + ": not valid CSV (" + e.getMessage() + ")");
            }
        }

        @Override
        public void close() throws IOException {
            try {
                rows.close();
            } finally {
                in.close();
            }
        }
    }

    /** The header: the contract's column names, in order. */
    public static CsvSchema schema() {
        CsvSchema.Builder b = CsvSchema.builder();
        for (Column c : COLUMNS) {
            b.addColumn(c.columnName());
        }
        return b.setUseHeader(true).setLineSeparator("\r\n").build();
    }
}
