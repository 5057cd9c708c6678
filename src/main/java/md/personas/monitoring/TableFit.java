package md.personas.monitoring;

import java.util.List;
import md.personas.census.TargetTable;

/**
 * One marginal or joint at one moment: the target, the observed counts and their goodness of fit. The monitor,
 * {@code validate} and the stats files all report these.
 */
public record TableFit(TargetTable target, long[] observed, FitStatistics fit) {

    public String name() {
        return target.name();
    }

    /** Observed share of a cell. */
    public double observedShare(int cell) {
        return fit.n() == 0 ? 0 : (double) observed[cell] / fit.n();
    }

    /** Cells ordered by absolute deviation, largest first (for reasons and reports). */
    public List<Integer> worstCells(int limit) {
        Integer[] cells = new Integer[observed.length];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = c;
        }
        java.util.Arrays.sort(cells, (a, b) -> Double.compare(
                Math.abs(observedShare(b) - target.shares()[b]), Math.abs(observedShare(a) - target.shares()[a])));
        return List.of(cells).subList(0, Math.min(limit, cells.length));
    }
}
