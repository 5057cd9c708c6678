package md.personas.sinks;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import md.personas.record.Column;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads rows of the {@link RecordParquet#SCHEMA} back into {@link StoredRow}s, optionally only some columns: a
 * projection reads only those column chunks from disk, so the {@code index} column of a part, or its structured
 * columns without the narratives, cost a small fraction of the file.
 */
final class RowReadSupport extends ReadSupport<StoredRow> {

    private final Set<Column> columns;

    RowReadSupport(Set<Column> columns) {
        this.columns = columns.isEmpty() ? EnumSet.noneOf(Column.class) : EnumSet.copyOf(columns);
    }

    @Override
    public ReadContext init(InitContext context) {
        MessageType file = context.getFileSchema();
        List<Type> fields = new ArrayList<>();
        for (Column c : columns) { // EnumSet iterates in Column order
            String name = c.columnName();
            Type expected = RecordParquet.SCHEMA.getType(name);
            if (!file.containsField(name) || !file.getType(name).equals(expected)) {
                throw new UncheckedIOException(new RecordFormatException("the Parquet file has no column '" + name
                        + "' of type " + expected + "; its schema is " + file));
            }
            fields.add(file.getType(name));
        }
        return new ReadContext(new MessageType(file.getName(), fields));
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-java; the reader calls the ParquetConfiguration variant
    public RecordMaterializer<StoredRow> prepareForRead(Configuration configuration, Map<String, String> metadata,
            MessageType fileSchema, ReadContext context) {
        return new RowMaterializer(context.getRequestedSchema());
    }

    @Override
    public RecordMaterializer<StoredRow> prepareForRead(ParquetConfiguration configuration,
            Map<String, String> metadata, MessageType fileSchema, ReadContext context) {
        return new RowMaterializer(context.getRequestedSchema());
    }

    private static final class RowMaterializer extends RecordMaterializer<StoredRow> {
        private final int columnCount = Column.values().length;
        private final RootConverter root;
        private Object[] values = new Object[columnCount];

        RowMaterializer(MessageType requested) {
            this.root = new RootConverter(requested);
        }

        @Override
        public StoredRow getCurrentRecord() {
            return new StoredRow(values);
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        private final class RootConverter extends GroupConverter {
            private final Converter[] converters;

            RootConverter(MessageType requested) {
                converters = new Converter[requested.getFieldCount()];
                for (int i = 0; i < converters.length; i++) {
                    converters[i] = converterFor(RecordParquet.column(requested.getFieldName(i)));
                }
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return converters[fieldIndex];
            }

            @Override
            public void start() {
                values = new Object[columnCount];
            }

            @Override
            public void end() {
            }
        }

        private Converter converterFor(Column c) {
            int slot = c.ordinal();
            return switch (c.type()) {
                case STRING -> new StringConverter(slot);
                case INT -> new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        values[slot] = value;
                    }
                };
                case LONG -> new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        values[slot] = value;
                    }
                };
                case STRING_LIST -> new ListConverter(slot);
            };
        }

        /** A string column; the categorical columns are dictionary-encoded, so each label is decoded once. */
        private final class StringConverter extends PrimitiveConverter {
            private final int slot;
            private String[] dictionary;

            StringConverter(int slot) {
                this.slot = slot;
            }

            @Override
            public boolean hasDictionarySupport() {
                return true;
            }

            @Override
            public void setDictionary(Dictionary d) {
                dictionary = new String[d.getMaxId() + 1];
                for (int id = 0; id < dictionary.length; id++) {
                    dictionary[id] = d.decodeToBinary(id).toStringUsingUTF8();
                }
            }

            @Override
            public void addValueFromDictionary(int id) {
                values[slot] = dictionary[id];
            }

            @Override
            public void addBinary(Binary value) {
                values[slot] = value.toStringUsingUTF8();
            }
        }

        /** A three-level LIST column: the outer group, the repeated {@code list} group, the {@code element}. */
        private final class ListConverter extends GroupConverter {
            private final int slot;
            private final GroupConverter repeated;
            private List<String> items;

            ListConverter(int slot) {
                this.slot = slot;
                PrimitiveConverter element = new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        items.add(value.toStringUsingUTF8());
                    }
                };
                this.repeated = new GroupConverter() {
                    @Override
                    public Converter getConverter(int fieldIndex) {
                        return element;
                    }

                    @Override
                    public void start() {
                    }

                    @Override
                    public void end() {
                    }
                };
            }

            @Override
            public Converter getConverter(int fieldIndex) {
                return repeated;
            }

            @Override
            public void start() {
                items = new ArrayList<>(8);
            }

            @Override
            public void end() {
                values[slot] = Collections.unmodifiableList(items);
            }
        }
    }
}
