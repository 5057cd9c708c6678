package md.personas.release;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import md.personas.census.CensusModel;
import md.personas.monitoring.DatasetReport;
import md.personas.monitoring.DatasetReport.ObservedTable;
import md.personas.narratives.NarrativeContract;
import md.personas.run.RunManifest;
import md.personas.record.Column;
import md.personas.sinks.ReleaseFiles;

/**
 * Everything the stats files and the dataset card are written from. They are functions of these inputs alone
 * (no clock, no environment), so the same inputs give the same bytes.
 *
 * @param dataFile the release file the report was read from (its name only is printed)
 */
record ReportInputs(String label, String dataFile, CensusModel model, DatasetReport report, RunManifest manifest,
                    NarrativeContract contract, ReleaseResources resources) {

    /** Tables with more cells than this get a chart and a table of their largest cells only. */
    static final int LARGE_TABLE = 40;
    /** How many cells a large table shows. */
    static final int TOP_CELLS = 30;

    String stem() {
        return ReleaseFiles.stem(label);
    }

    String parquetName() {
        return stem() + ".parquet";
    }

    String statsJsonName() {
        return stem() + "_stats.json";
    }

    String statsMarkdownName() {
        return stem() + "_stats.md";
    }

    static boolean isJoint(ObservedTable t) {
        return t.fit().target().dimensions().size() > 1;
    }

    static boolean isLarge(ObservedTable t) {
        return t.fit().target().size() > LARGE_TABLE;
    }

    /** The chart file of a table, relative to the output directory. */
    static String chartPath(ObservedTable t) {
        return "charts/" + ReportText.slug(t.name()) + ".svg";
    }

    /** The length histogram file of a narrative field, relative to the output directory. */
    static String lengthChartPath(Column field) {
        return "charts/length_" + field.columnName() + ".svg";
    }

    /**
     * The cells to show: all of a small table in its own order; the {@link #TOP_CELLS} largest targets of a large
     * one (ties by label, so the choice is stable).
     */
    static List<Integer> shownCells(ObservedTable t) {
        int size = t.fit().target().size();
        List<Integer> cells = new ArrayList<>(size);
        for (int c = 0; c < size; c++) {
            cells.add(c);
        }
        if (!isLarge(t)) {
            return cells;
        }
        double[] shares = t.fit().target().shares();
        cells.sort(Comparator.<Integer>comparingDouble(c -> -shares[c]).thenComparing(c -> t.fit().target().cellLabel(c)));
        return cells.subList(0, TOP_CELLS);
    }

    /** The contract's length range of a field, or null bounds where the contract sets none. */
    Integer contractMin(Column field) {
        int min = contract.minChars(field.columnName());
        return min <= 1 ? null : min;
    }

    Integer contractMax(Column field) {
        int max = contract.maxChars(field.columnName());
        return max == Integer.MAX_VALUE ? null : max;
    }

    /** The model names of the narratives, most used first, then by name. */
    List<String> modelsByUse() {
        return report.models().entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                        : Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey()).toList();
    }
}
