package md.personas.sinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import md.personas.record.Column;
import md.personas.record.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet form of a record. Strings are {@code binary (STRING)}, {@code age} and the OCEAN scores
 * {@code int32}, {@code index} {@code int64}, and the two list columns real three-level {@code list<string>}; every
 * column is required (a record has no missing values). ZSTD compression: the smallest files of the codecs tried
 * (docs/ARCHITECTURE.md, "Library notes"), and every reader our users name (DuckDB, pyarrow/pandas, the Hugging Face viewer) reads it.
 *
 * <p>Files are written with a small {@link WriteSupport} through a {@link ParquetWriter.Builder} over a local
 * {@link OutputFile}, with a plain (non-Hadoop) configuration, so Hadoop's FileSystem is never involved.
 */
public final class RecordParquet {

    /** The repeated group and element names of the standard LIST layout. */
    static final String LIST_FIELD = "list";
    static final String ELEMENT_FIELD = "element";

    /** The record schema, one field per {@link Column}, in order. */
    public static final MessageType SCHEMA = schema();

    private static final Map<String, Column> BY_NAME = byName();

    private RecordParquet() {
    }

    /**
     * A writer of rows to {@code file} (replaced if present) whose row groups hold at most {@code rowGroupRows}
     * rows; closing it fsyncs the file.
     */
    public static ParquetWriter<Row> writer(Path file, int rowGroupRows) throws IOException {
        WriterBuilder builder = new WriterBuilder(new SyncedOutputFile(file));
        builder.withConf(new PlainParquetConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupRowCountLimit(rowGroupRows)
                .withDictionaryEncoding(true);
        // Narrative texts are all distinct: a dictionary would be built for nothing and thrown away at its size
        // limit. Plain encoding plus ZSTD is smaller and faster for them; categorical columns keep dictionaries.
        for (Column c : Column.NARRATIVE_FIELDS) {
            String path = c.type() == Column.Type.STRING_LIST
                    ? c.columnName() + "." + LIST_FIELD + "." + ELEMENT_FIELD : c.columnName();
            builder.withDictionaryEncoding(path, false);
        }
        // The same for the uuid (every value distinct) and the full name (about 56,000 distinct in 100,000 rows):
        // their dictionaries grow to the page limit and fall back to plain encoding anyway.
        builder.withDictionaryEncoding(Column.UUID.columnName(), false);
        builder.withDictionaryEncoding(Column.NAME.columnName(), false);
        return builder.build();
    }

    /** {@link #writer} as a {@link RowWriter}. */
    public static RowWriter rowWriter(Path file, int rowGroupRows) throws IOException {
        ParquetWriter<Row> writer = writer(file, rowGroupRows);
        return new RowWriter() {
            @Override
            public void write(Row row) throws IOException {
                writer.write(row);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    /** A cursor over every column of the rows of {@code file}, in file order. */
    public static RowCursor open(Path file) throws IOException {
        return open(file, EnumSet.allOf(Column.class));
    }

    /** A cursor over the rows of {@code file} with only {@code columns} read; the others are null. */
    public static RowCursor open(Path file, Set<Column> columns) throws IOException {
        ParquetReader<StoredRow> reader = new ReaderBuilder(new LocalInputFile(file), columns).build();
        return new RowCursor() {
            @Override
            public StoredRow next() throws IOException {
                try {
                    return reader.read();
                } catch (UncheckedIOException e) { // the schema check of RowReadSupport, on the first read
                    throw e.getCause();
                }
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** The column of a Parquet field name. */
    static Column column(String fieldName) {
        Column c = BY_NAME.get(fieldName);
        if (c == null) {
            throw new IllegalArgumentException("no column named " + fieldName);
        }
        return c;
    }

    private static MessageType schema() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column c : Column.values()) {
            message.addField(field(c));
        }
        return message.named("moldova_persona");
    }

    private static Type field(Column c) {
        return switch (c.type()) {
            case STRING -> Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(c.columnName());
            case INT -> Types.required(PrimitiveTypeName.INT32).named(c.columnName());
            case LONG -> Types.required(PrimitiveTypeName.INT64).named(c.columnName());
            case STRING_LIST -> Types.requiredList()
                    .requiredElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(c.columnName());
        };
    }

    private static Map<String, Column> byName() {
        Map<String, Column> m = new HashMap<>();
        for (Column c : Column.values()) {
            m.put(c.columnName(), c);
        }
        return m;
    }

    private static final class WriterBuilder extends ParquetWriter.Builder<Row, WriterBuilder> {
        WriterBuilder(OutputFile file) {
            super(file);
        }

        @Override
        protected WriterBuilder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in parquet-java; unused, as the builder has a plain configuration
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport();
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport();
        }
    }

    private static final class ReaderBuilder extends ParquetReader.Builder<StoredRow> {
        private final Set<Column> columns;

        ReaderBuilder(InputFile file, Set<Column> columns) {
            super(file, new PlainParquetConfiguration());
            this.columns = columns;
        }

        @Override
        protected ReadSupport<StoredRow> getReadSupport() {
            return new RowReadSupport(columns);
        }
    }
}
