package md.personas.sinks;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SequenceWriter;
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
 * as a string ({@code ["Șah","Citit"]}), the form DESIGN §3 gives for CSV. Text that a spreadsheet would run as a
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
        SequenceWriter rows = MAPPER.writer(SCHEMA).writeValues(text);
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

    /** The header: the contract's column names, in order. */
    public static CsvSchema schema() {
        CsvSchema.Builder b = CsvSchema.builder();
        for (Column c : COLUMNS) {
            b.addColumn(c.columnName());
        }
        return b.setUseHeader(true).setLineSeparator("\r\n").build();
    }
}
