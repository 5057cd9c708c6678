package md.personas.census;

import java.util.function.Function;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * A categorical variable as read from a record: a contract column, or a binned numeric column (OCEAN scores).
 *
 * @param name the column name, or e.g. {@code ocean_openness_bin}
 */
public record Dimension(String name, Function<Row, String> key) {

    public static Dimension of(Column column) {
        return new Dimension(column.columnName(), row -> row.string(column));
    }

    public static Dimension binned(Column column, Function<Integer, String> bin) {
        return new Dimension(column.columnName() + "_bin", row -> bin.apply(((Number) row.get(column)).intValue()));
    }

    public String of(Row row) {
        return key.apply(row);
    }
}
