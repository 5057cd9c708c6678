package md.personas.census;

import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * A lookup from a record to its cell index (-1 when the record's labels are not a cell of this table). Each
     * dimension's label is looked up on its own and the cell found in a dense array by its mixed-radix position, so
     * a lookup allocates nothing: the monitor and every report call it once per table per record.
     */
    public CellIndex index() {
        int nd = dimensions.size();
        List<Map<String, Integer>> labelIndex = new ArrayList<>(nd);
        for (int d = 0; d < nd; d++) {
            labelIndex.add(new HashMap<>());
        }
        for (List<String> cell : cells) {
            for (int d = 0; d < nd; d++) {
                labelIndex.get(d).putIfAbsent(cell.get(d), labelIndex.get(d).size());
            }
        }
        long positions = 1;
        for (Map<String, Integer> m : labelIndex) {
            positions *= m.size();
        }
        if (positions > MAX_DENSE_POSITIONS) {
            return joinedIndex();
        }
        int[] cellAt = new int[(int) positions];
        Arrays.fill(cellAt, -1);
        for (int c = 0; c < cells.size(); c++) {
            int at = 0;
            for (int d = 0; d < nd; d++) {
                at = at * labelIndex.get(d).size() + labelIndex.get(d).get(cells.get(c).get(d));
            }
            cellAt[at] = c;
        }
        @SuppressWarnings("unchecked")
        Map<String, Integer>[] byLabel = labelIndex.toArray(new Map[0]);
        Dimension[] dims = dimensions.toArray(new Dimension[0]);
        return row -> {
            int at = 0;
            for (int d = 0; d < dims.length; d++) {
                Integer i = byLabel[d].get(dims[d].of(row));
                if (i == null) {
                    return -1;
                }
                at = at * byLabel[d].size() + i;
            }
            return cellAt[at];
        };
    }

    /** Above this many label combinations a table is looked up by its joined labels instead. */
    private static final long MAX_DENSE_POSITIONS = 1 << 22;

    private CellIndex joinedIndex() {
        Map<String, Integer> byKey = new HashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            byKey.put(String.join("\u001f", cells.get(c)), c);
        }
        return row -> {
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
