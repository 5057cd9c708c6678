package md.personas.sinks;

import java.util.List;
import java.util.Map;
import md.personas.record.Column;
import md.personas.record.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes a {@link Row} into the {@link RecordParquet#SCHEMA}: every column in {@link Column} order, lists in the
 * standard three-level LIST layout ({@code <name> (LIST) { repeated group list { required binary element } }})
 * that DuckDB, Arrow and pandas read as {@code list<string>}.
 */
final class RowWriteSupport extends WriteSupport<Row> {

    private static final Column[] COLUMNS = Column.values();

    private RecordConsumer consumer;

    @Override
    @SuppressWarnings("deprecation") // abstract in parquet-java; the writer calls the ParquetConfiguration variant
    public WriteContext init(Configuration configuration) {
        return new WriteContext(RecordParquet.SCHEMA, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(RecordParquet.SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        consumer.startMessage();
        for (Column c : COLUMNS) {
            Object v = row.get(c);
            if (v == null) {
                throw new IllegalArgumentException("column " + c.columnName() + " is null in the record with index "
                        + row.get(Column.INDEX));
            }
            String name = c.columnName();
            int field = c.ordinal();
            consumer.startField(name, field);
            switch (c.type()) {
                case STRING -> consumer.addBinary(Binary.fromString((String) v));
                case INT -> consumer.addInteger((Integer) v);
                case LONG -> consumer.addLong((Long) v);
                case STRING_LIST -> writeList(RecordJson.listOf(v));
            }
            consumer.endField(name, field);
        }
        consumer.endMessage();
    }

    private void writeList(List<String> list) {
        consumer.startGroup();
        if (!list.isEmpty()) { // an empty list is a LIST group without its repeated field
            consumer.startField(RecordParquet.LIST_FIELD, 0);
            for (String s : list) {
                consumer.startGroup();
                consumer.startField(RecordParquet.ELEMENT_FIELD, 0);
                consumer.addBinary(Binary.fromString(s));
                consumer.endField(RecordParquet.ELEMENT_FIELD, 0);
                consumer.endGroup();
            }
            consumer.endField(RecordParquet.LIST_FIELD, 0);
        }
        consumer.endGroup();
    }
}
