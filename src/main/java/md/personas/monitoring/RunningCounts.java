package md.personas.monitoring;

import java.util.ArrayList;
import java.util.List;
import md.personas.census.TargetTable;
import md.personas.record.Row;

/**
 * Running counts of every target table's cells over a stream or a file of records. A record outside a table's
 * cells (an unknown label) is counted apart, so it can be reported rather than silently dropped.
 */
public final class RunningCounts {

    private final List<TargetTable> tables;
    private final List<TargetTable.CellIndex> indexes;
    private final long[][] counts;
    private final long[] outside;
    private long n;

    public RunningCounts(List<TargetTable> tables) {
        this.tables = List.copyOf(tables);
        this.indexes = tables.stream().map(TargetTable::index).toList();
        this.counts = new long[tables.size()][];
        for (int t = 0; t < tables.size(); t++) {
            counts[t] = new long[tables.get(t).size()];
        }
        this.outside = new long[tables.size()];
    }

    public void add(Row row) {
        n++;
        for (int t = 0; t < tables.size(); t++) {
            int c = indexes.get(t).of(row);
            if (c < 0) {
                outside[t]++;
            } else {
                counts[t][c]++;
            }
        }
    }

    public long n() {
        return n;
    }

    public List<TargetTable> tables() {
        return tables;
    }

    /** Records whose labels fell outside the cells of table t. */
    public long outside(int t) {
        return outside[t];
    }

    /** The fit of every table now. */
    public List<TableFit> evaluate() {
        List<TableFit> out = new ArrayList<>(tables.size());
        for (int t = 0; t < tables.size(); t++) {
            long[] observed = counts[t].clone();
            out.add(new TableFit(tables.get(t), observed, FitStatistics.of(observed, tables.get(t).shares())));
        }
        return out;
    }
}
