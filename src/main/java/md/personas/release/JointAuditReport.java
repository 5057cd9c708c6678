package md.personas.release;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceCrossTab;
import md.personas.monitoring.JointAudit;
import md.personas.monitoring.JointAudit.Cell;
import md.personas.monitoring.JointAudit.TableAudit;

/**
 * The joint-audit section of the stats JSON, the stats Markdown, the dataset card and {@code validate}: one
 * writer per form, all over the same {@link JointAudit}, so a new reference cross-tabulation shows up in all four.
 */
public final class JointAuditReport {

    /** Rows of a table the Markdown lists (its largest deviations first); the JSON holds every cell. */
    static final int WORST_CELLS_SHOWN = 5;

    private JointAuditReport() {
    }

    static ObjectNode json(JointAudit audit) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("srmse", "sqrt(mean((observed - reference)^2)) / mean(reference) over the cells of the reference "
                + "rows that hold records; rows are shares within each reference row");
        ArrayNode tables = root.putArray("tables");
        for (TableAudit t : audit.tables()) {
            ObjectNode n = tables.addObject();
            ReferenceCrossTab x = t.table();
            n.put("name", x.name());
            n.put("status", x.status());
            n.put("source_year", x.sourceYear());
            n.put("provenance", x.provenance());
            n.put("note", x.note());
            n.put("records", t.records());
            n.put("reference_rows", t.rows());
            n.put("rows_with_records", t.rowsWithRecords());
            if (Double.isNaN(t.srmse())) {
                n.putNull("srmse");
            } else {
                n.put("srmse", t.srmse());
            }
            if (t.worst() == null) {
                n.putNull("worst_cell");
            } else {
                n.set("worst_cell", cell(t.worst()));
            }
            ArrayNode cells = n.putArray("cells");
            for (Cell c : t.cells()) {
                cells.add(cell(c));
            }
        }
        return root;
    }

    private static ObjectNode cell(Cell c) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("row", c.row());
        n.put("category", c.category());
        n.put("row_records", c.rowRecords());
        n.put("observed_share", c.observed());
        n.put("reference_share", c.reference());
        n.put("deviation_pp", c.deviationPp());
        return n;
    }

    /** The summary table: one line per reference table. */
    static void summaryTable(StringBuilder md, JointAudit audit) {
        md.append("| reference table | status | source year | provenance | records | rows | SRMSE | worst cell "
                + "(observed vs reference) |\n|---|---|---|---|---:|---:|---:|---|\n");
        for (TableAudit t : audit.tables()) {
            ReferenceCrossTab x = t.table();
            md.append("| ").append(x.name()).append(" | ").append(status(x.status())).append(" | ")
                    .append(ReportText.cell(x.sourceYear())).append(" | ").append(ReportText.cell(x.provenance()))
                    .append(" | ")
                    .append(ReportText.count(t.records())).append(" | ").append(t.rowsWithRecords()).append(" of ")
                    .append(t.rows()).append(" | ").append(Double.isNaN(t.srmse()) ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", t.srmse())).append(" | ")
                    .append(t.worst() == null ? "no records" : worst(t.worst())).append(" |\n");
        }
        md.append('\n');
    }

    static String status(String status) {
        return switch (status) {
            case ReferenceCrossTab.PUBLISHED -> "published";
            case ReferenceCrossTab.SEEDED_AND_RAKED -> "older census, raked to 2024";
            default -> "modelled";
        };
    }

    private static String worst(Cell c) {
        return c.row() + " / " + c.category() + ": " + ReportText.percent(c.observed()) + " vs "
                + ReportText.percent(c.reference()) + " (" + ReportText.count(c.rowRecords()) + " records)";
    }

    /** The stats Markdown section: the summary, then each table's notes and largest deviations. */
    static void markdown(StringBuilder md, JointAudit audit) {
        md.append("## Joint audit\n\n");
        md.append("The records against every cross-tabulation the census reference holds, as shares within each "
                + "reference row (a district, a residence, a commune). Tables seeded from an older census and "
                + "raked to the 2024 totals keep some distance by design; the notes say why. SRMSE = sqrt(mean "
                + "squared error) / mean reference share.\n\n");
        summaryTable(md, audit);
        for (TableAudit t : audit.tables()) {
            md.append("### ").append(t.table().name()).append("\n\n").append(t.table().note()).append(".\n\n");
            if (t.cells().isEmpty()) {
                continue;
            }
            md.append("| row | category | records | observed | reference | deviation |\n|---|---|---:|---:|---:|---:|\n");
            t.cells().stream().sorted((a, b) -> Double.compare(Math.abs(b.deviationPp()), Math.abs(a.deviationPp())))
                    .limit(WORST_CELLS_SHOWN).forEach(c -> md.append("| ").append(c.row()).append(" | ")
                            .append(c.category()).append(" | ").append(ReportText.count(c.rowRecords())).append(" | ")
                            .append(ReportText.percent(c.observed())).append(" | ")
                            .append(ReportText.percent(c.reference())).append(" | ").append(ReportText.pp(
                                    c.deviationPp())).append(" |\n"));
            md.append('\n');
        }
    }

    /** The dataset card's section: which joints are published, seeded and raked, or modelled; then the audit. */
    static void card(StringBuilder md, CensusModel model, JointAudit audit) {
        md.append("## Joints: published, seeded from an older census, modelled\n\n");
        md.append("National marginals alone do not make a census-faithful dataset: what a user looks at is how "
                + "attributes go together in a place. What each joint rests on:\n\n");
        md.append("| joint | status | seed | fitted to | provenance |\n|---|---|---|---|---|\n");
        for (CensusModel.JointStatus j : model.joints()) {
            md.append("| ").append(j.id()).append(" | ").append(status(j.status())).append(" | ")
                    .append(ReportText.cell(j.seed())).append(" | ").append(ReportText.cell(j.targets()))
                    .append(" | ").append(ReportText.cell(j.provenance())).append(" |\n");
        }
        md.append("\n**Published** joints are used as the source gives them. **Older census, raked to 2024**: the "
                + "shape comes from the 2014 or 2004 census (or a 2024 statement) and the levels from the 2024 "
                + "totals, so the 2024 joint itself is modelled. **Modelled**: a prior written by the project and "
                + "calibrated to official marginals.\n\n");
        md.append("Joint audit of this release (the records against the reference's own cross-tabulations; the "
                + "stats files have every cell):\n\n");
        summaryTable(md, audit);
    }

    /** The plain-text lines {@code validate} prints. */
    public static String text(JointAudit audit) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  %-36s %-28s %-16s %8s %8s  %s%n", "joint audit: reference table",
                "status", "source year", "records", "SRMSE", "worst cell"));
        for (TableAudit t : audit.tables()) {
            out.append(String.format(Locale.ROOT, "  %-36s %-28s %-16s %8d %8s  %s%n", t.table().name(),
                    status(t.table().status()), t.table().sourceYear(), t.records(),
                    Double.isNaN(t.srmse()) ? "n/a" : String.format(Locale.ROOT, "%.3f", t.srmse()),
                    t.worst() == null ? "no records" : worst(t.worst())));
        }
        return out.toString();
    }
}
