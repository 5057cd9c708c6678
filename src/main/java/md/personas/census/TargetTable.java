package md.personas.census;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.record.Row;

/**
 * The census target of one marginal or joint: the adult share of every cell, exactly as the model implies it.
 * Monitor, rebalancer, {@code validate} and the stats file all compare observed counts with these shares.
 *
 * @param name e.g. {@code region} or {@code region x ethnicity}
 * @param cells each cell's labels, one per dimension, in a stable order
 * @param shares each cell's share of adults; sums to 1
 * @param basis where the target comes from, for the stats file and the dataset card
 */
public record TargetTable(String name, List<Dimension> dimensions, List<List<String>> cells, double[] shares,
                          String basis) {

    public TargetTable {
        cells = List.copyOf(cells);
        dimensions = List.copyOf(dimensions);
        if (cells.size() != shares.length) {
            throw new IllegalArgumentException(name + ": " + cells.size() + " cells but " + shares.length + " shares");
        }
    }

    public int size() {
        return shares.length;
    }

    /** A lookup from a record to its cell index (-1 when the record's labels are not a cell of this table). */
    public CellIndex index() {
        Map<String, Integer> byKey = new HashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            byKey.put(String.join("\u001f", cells.get(c)), c);
        }
        return row -> {
            if (dimensions.size() == 1) {
                Integer c = byKey.get(dimensions.get(0).of(row));
                return c == null ? -1 : c;
            }
            List<String> parts = new ArrayList<>(dimensions.size());
            for (Dimension d : dimensions) {
                parts.add(d.of(row));
            }
            Integer c = byKey.get(String.join("\u001f", parts));
            return c == null ? -1 : c;
        };
    }

    /** Maps a record to the index of its cell in a {@link TargetTable}. */
    @FunctionalInterface
    public interface CellIndex {
        int of(Row row);
    }

    /** The cell's labels joined for display, e.g. "Municipiul Chișinău × Moldovean". */
    public String cellLabel(int c) {
        return String.join(" × ", cells.get(c));
    }
}
