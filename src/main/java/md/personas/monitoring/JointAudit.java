package md.personas.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.ReferenceCrossTab;
import md.personas.record.Row;

/**
 * The joint audit of a released dataset: every cross-tabulation the reference holds
 * ({@link md.personas.census.CensusModel#referenceCrossTabs()}) against the same cross-tabulation of the records,
 * row by row (a district's ethnic shares against the census's), with a per-table SRMSE and the worst cell.
 * Computed in the same streaming pass as the {@link DatasetReport}: counts per table cell only.
 *
 * <p>SRMSE (standardised root mean square error) = sqrt(mean over cells of (observed - reference)^2) / mean
 * reference share, over every category of every reference row that has personas; 0 is a perfect match, and a
 * table seeded from an older census and raked to 2024 keeps some distance by design.
 *
 * @param tables one result per reference table, in the model's order
 */
public record JointAudit(List<TableAudit> tables) {

    public JointAudit {
        tables = List.copyOf(tables);
    }

    /**
     * One cell of a reference row: the records' share against the reference share.
     *
     * @param rowRecords records in the row (the denominator of {@code observed})
     */
    public record Cell(String row, String category, long rowRecords, double observed, double reference) {

        public double deviationPp() {
            return (observed - reference) * 100;
        }
    }

    /**
     * The audit of one reference table.
     *
     * @param records records inside the table's universe and in one of its rows
     * @param rowsWithRecords reference rows that hold at least one record (of {@code rows})
     * @param cells every cell of those rows, in reference order
     * @param worst the cell with the largest absolute deviation, or null without records
     */
    public record TableAudit(ReferenceCrossTab table, long records, int rows, int rowsWithRecords, double srmse,
                             Cell worst, List<Cell> cells) {

        public TableAudit {
            cells = List.copyOf(cells);
        }
    }

    public static Accumulator accumulator(List<ReferenceCrossTab> tables) {
        return new Accumulator(tables);
    }

    /** Feeds records one at a time; not thread-safe. */
    public static final class Accumulator {
        private final List<ReferenceCrossTab> tables;
        private final List<Map<String, Map<String, long[]>>> counts = new ArrayList<>();

        private Accumulator(List<ReferenceCrossTab> tables) {
            this.tables = List.copyOf(tables);
            for (int t = 0; t < tables.size(); t++) {
                counts.add(new LinkedHashMap<>());
            }
        }

        public void add(Row row) {
            for (int t = 0; t < tables.size(); t++) {
                ReferenceCrossTab table = tables.get(t);
                String r = table.rowOf().apply(row);
                Map<String, Double> reference = r == null ? null : table.target().get(r);
                if (reference == null) {
                    continue;
                }
                String category = table.categoryOf().apply(row);
                if (!reference.containsKey(category) && reference.containsKey("other")) {
                    category = "other";
                }
                counts.get(t).computeIfAbsent(r, k -> new LinkedHashMap<>())
                        .computeIfAbsent(String.valueOf(category), k -> new long[1])[0]++;
            }
        }

        public JointAudit result() {
            List<TableAudit> out = new ArrayList<>(tables.size());
            for (int t = 0; t < tables.size(); t++) {
                out.add(audit(tables.get(t), counts.get(t)));
            }
            return new JointAudit(out);
        }

        private static TableAudit audit(ReferenceCrossTab table, Map<String, Map<String, long[]>> counts) {
            List<Cell> cells = new ArrayList<>();
            long records = 0;
            int withRecords = 0;
            double squares = 0;
            double referenceSum = 0;
            Cell worst = null;
            for (Map.Entry<String, Map<String, Double>> row : table.target().entrySet()) {
                Map<String, long[]> observed = counts.get(row.getKey());
                if (observed == null) {
                    continue;
                }
                withRecords++;
                long n = 0;
                for (long[] c : observed.values()) {
                    n += c[0];
                }
                records += n;
                Map<String, Double> categories = new LinkedHashMap<>(row.getValue());
                observed.keySet().forEach(k -> categories.putIfAbsent(k, 0.0));
                for (Map.Entry<String, Double> c : categories.entrySet()) {
                    long[] k = observed.get(c.getKey());
                    Cell cell = new Cell(row.getKey(), c.getKey(), n, k == null ? 0 : (double) k[0] / n, c.getValue());
                    cells.add(cell);
                    squares += Math.pow(cell.observed() - cell.reference(), 2);
                    referenceSum += cell.reference();
                    // A tie (two cells of a two-category row deviate equally) keeps the first cell: a margin
                    // keeps last-bit differences in the reference from flipping the card between runs.
                    if (worst == null || Math.abs(cell.deviationPp()) > Math.abs(worst.deviationPp()) + 1e-9) {
                        worst = cell;
                    }
                }
            }
            double srmse = cells.isEmpty() || referenceSum == 0 ? Double.NaN
                    : Math.sqrt(squares / cells.size()) / (referenceSum / cells.size());
            return new TableAudit(table, records, table.target().size(), withRecords, srmse, worst, cells);
        }
    }
}
