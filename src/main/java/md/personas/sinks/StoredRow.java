package md.personas.sinks;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * A row read back from a part or release file: one value per {@link Column}, typed as {@link Column.Type} says
 * (String, Integer, Long or an unmodifiable List&lt;String&gt;). A row read with a projection holds null in the
 * columns that were not read. Two rows are equal when every column value is equal, so a row read from JSONL can be
 * compared with the same row read from Parquet, or with the {@code PersonaRecord} it was written from (via
 * {@link #copyOf}).
 */
public final class StoredRow implements Row {

    private static final Column[] COLUMNS = Column.values();

    private final Object[] values;

    /** Takes ownership of {@code values}, indexed by {@link Column#ordinal()}; callers hand over a fresh array. */
    StoredRow(Object[] values) {
        if (values.length != COLUMNS.length) {
            throw new IllegalArgumentException("expected " + COLUMNS.length + " values, got " + values.length);
        }
        this.values = values;
    }

    /** The column values of any row, e.g. a {@code PersonaRecord}, as a stored row. */
    public static StoredRow copyOf(Row row) {
        if (row instanceof StoredRow stored) {
            return stored;
        }
        Object[] values = new Object[COLUMNS.length];
        for (Column c : COLUMNS) {
            Object v = row.get(c);
            values[c.ordinal()] = v instanceof List<?> list ? List.copyOf(list) : v;
        }
        return new StoredRow(values);
    }

    @Override
    public Object get(Column column) {
        return values[column.ordinal()];
    }

    /** The {@code index} column. */
    public long index() {
        return indexOf(this);
    }

    /** The {@code index} column of any row. */
    static long indexOf(Row row) {
        Object v = row.get(Column.INDEX);
        if (v == null) {
            throw new IllegalStateException("row has no index");
        }
        return ((Number) v).longValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRow other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("StoredRow{");
        for (Column c : COLUMNS) {
            Object v = values[c.ordinal()];
            if (v != null) {
                if (s.length() > "StoredRow{".length()) {
                    s.append(", ");
                }
                s.append(c.columnName()).append('=').append(Objects.toString(v));
            }
        }
        return s.append('}').toString();
    }
}
