package md.personas.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import md.personas.census.CensusModel;
import md.personas.census.Dimension;
import md.personas.census.Ipf;
import md.personas.census.TargetTable;
import md.personas.monitoring.DatasetReport;
import md.personas.monitoring.DatasetReport.ListSizes;
import md.personas.monitoring.DatasetReport.ObservedTable;
import md.personas.monitoring.DatasetReport.TextLengths;
import md.personas.monitoring.FitStatistics;
import md.personas.record.NarrativeStatus;

/**
 * {@code moldova_personas_<label>_stats.json}: every target table with every cell (target share, observed count and
 * share, deviation) and its fit (chi-square, degrees of freedom, p, maximum deviation, total variation distance);
 * narrative lengths, list sizes, statuses and models; hard-rule violations; the run's tokens, cost, timings and
 * monitor verdicts; the census model's IPF fits and the provenance of every reference table. Keys are in a fixed
 * order and numbers in Jackson's shortest round-trip form, so the same inputs give the same bytes.
 */
final class StatsJson {

    /**
     * Two-space indentation with '\n' line ends on every platform; arrays stay on one line (labels, histogram
     * counts), which keeps a 1,349-cell table readable and the file a third of the size.
     */
    static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private StatsJson() {
    }

    static byte[] bytes(ReportInputs in) {
        try {
            return (JSON.writer(PRETTY).writeValueAsString(tree(in)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stats tree cannot be serialised", e);
        }
    }

    static ObjectNode tree(ReportInputs in) {
        DatasetReport r = in.report();
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", in.stem());
        root.put("source_file", in.dataFile());
        root.put("records", r.records());
        root.put("seed", in.manifest().seed());
        root.put("configuration_sha256", in.manifest().configurationSha256());
        root.put("software_version", in.manifest().softwareVersion());
        ObjectNode census = root.putObject("census_reference");
        census.put("id", in.model().referenceId());
        census.put("sha256", in.manifest().census().referenceSha256());
        census.put("universe", "usual residents aged " + CensusModel.MIN_AGE + "+");

        ObjectNode summary = root.putObject("summary");
        summary.put("tables", r.tables().size());
        summary.put("tables_passing", r.tablesPassing());
        summary.put("pass_rule", "chi-square p >= " + DatasetReport.PASS_P_VALUE + " and no unknown labels");
        ObservedTable worst = r.worstTable();
        if (worst == null) {
            summary.putNull("worst_deviation");
        } else {
            int cell = worst.fit().fit().worstCell();
            ObjectNode w = summary.putObject("worst_deviation");
            w.put("table", worst.name());
            labels(w.putArray("cell"), worst.fit().target(), cell);
            w.put("deviation_pp", worst.deviationPp(cell));
        }
        if (r.violations() == null) {
            summary.putNull("hard_rule_violations");
        } else {
            summary.put("hard_rule_violations", r.violations().records());
        }

        ArrayNode tables = root.putArray("tables");
        for (ObservedTable t : r.tables()) {
            tables.add(table(t));
        }
        root.set("people", PeopleSection.json(r.people()));
        root.set("narratives", narratives(in));
        root.set("hard_rules", hardRules(r));
        root.set("joint_audit", JointAuditReport.json(r.jointAudit()));
        root.set("reference_figures", referenceFigures(in));
        root.set("run", run(in));
        root.set("census_model", censusModel(in.model()));
        return root;
    }

    private static ObjectNode table(ObservedTable t) {
        TargetTable target = t.fit().target();
        FitStatistics f = t.fit().fit();
        ObjectNode n = JSON.createObjectNode();
        n.put("name", t.name());
        n.put("kind", ReportInputs.isJoint(t) ? "joint" : "marginal");
        ArrayNode dims = n.putArray("dimensions");
        for (Dimension d : target.dimensions()) {
            dims.add(d.name());
        }
        n.put("basis", target.basis());
        n.put("cell_count", target.size());
        ObjectNode s = n.putObject("statistics");
        s.put("n", f.n());
        s.put("chi_square", f.chiSquare());
        s.put("degrees_of_freedom", f.degreesOfFreedom());
        s.put("p_value", f.pValue());
        s.put("max_deviation_pp", f.maxDeviationPp());
        if (f.worstCell() < 0) {
            s.putNull("worst_cell");
        } else {
            labels(s.putArray("worst_cell"), target, f.worstCell());
        }
        s.put("total_variation_distance", f.totalVariation());
        s.put("impossible_cells", f.impossibleCells());
        s.put("unknown_labels", t.outside());
        s.put("min_expected_for_pooling", FitStatistics.MIN_EXPECTED);
        n.put("passes", t.passes());
        ArrayNode cells = n.putArray("cells");
        for (int c = 0; c < target.size(); c++) {
            ObjectNode cell = cells.addObject();
            labels(cell.putArray("labels"), target, c);
            cell.put("target_share", target.shares()[c]);
            cell.put("observed_count", t.fit().observed()[c]);
            cell.put("observed_share", t.fit().observedShare(c));
            cell.put("deviation_pp", t.deviationPp(c));
        }
        return n;
    }

    private static void labels(ArrayNode out, TargetTable target, int cell) {
        for (String l : target.cells().get(cell)) {
            out.add(l);
        }
    }

    private static ObjectNode narratives(ReportInputs in) {
        DatasetReport r = in.report();
        ObjectNode n = JSON.createObjectNode();
        ObjectNode statuses = n.putObject("statuses");
        for (NarrativeStatus s : NarrativeStatus.values()) {
            statuses.put(s.label(), r.statuses().get(s));
        }
        ObjectNode models = n.putObject("models");
        r.models().forEach(models::put);
        ObjectNode prompts = n.putObject("prompt_versions");
        r.promptVersions().forEach(prompts::put);
        n.put("length_unit", "Unicode code points, over records whose narrative was written (llm or template)");
        ArrayNode lengths = n.putArray("lengths");
        for (TextLengths l : r.lengths()) {
            ObjectNode o = lengths.addObject();
            o.put("field", l.field().columnName());
            o.put("records", l.records());
            o.put("empty", l.empty());
            if (l.records() == 0) {
                continue;
            }
            o.put("min", l.min());
            o.put("p5", l.p5());
            o.put("p25", l.p25());
            o.put("median", l.median());
            o.put("p75", l.p75());
            o.put("p95", l.p95());
            o.put("max", l.max());
            o.put("mean", l.mean());
            Integer min = in.contractMin(l.field());
            Integer max = in.contractMax(l.field());
            if (min != null || max != null) {
                ObjectNode contract = o.putObject("contract");
                contract.put("min_chars", min == null ? 0 : min);
                if (max == null) {
                    contract.putNull("max_chars");
                } else {
                    contract.put("max_chars", max);
                }
                contract.put("records_outside", l.outside(min == null ? 0 : min,
                        max == null ? Integer.MAX_VALUE : max));
            }
            ObjectNode h = o.putObject("histogram");
            h.put("bin_width", l.histogram().binWidth());
            h.put("last_bin_open", true);
            ArrayNode counts = h.putArray("counts");
            for (long c : l.histogram().counts()) {
                counts.add(c);
            }
        }
        ArrayNode lists = n.putArray("lists");
        for (ListSizes s : r.lists()) {
            ObjectNode o = lists.addObject();
            o.put("field", s.field().columnName());
            o.put("records", s.records());
            if (s.records() == 0) {
                continue;
            }
            o.put("min_items", s.min());
            o.put("max_items", s.max());
            o.put("mean_items", s.mean());
            ObjectNode d = o.putObject("records_by_item_count");
            s.distribution().forEach((items, count) -> d.put(Integer.toString(items), count));
        }
        return n;
    }

    private static ObjectNode hardRules(DatasetReport r) {
        ObjectNode n = JSON.createObjectNode();
        if (r.violations() == null) {
            n.put("checked", false);
            return n;
        }
        n.put("checked", true);
        n.put("records_with_violations", r.violations().records());
        n.put("violations", r.violations().violations());
        ArrayNode examples = n.putArray("examples");
        r.violations().examples().forEach(examples::add);
        return n;
    }

    private static ArrayNode referenceFigures(ReportInputs in) {
        ArrayNode out = JSON.createArrayNode();
        for (ReleaseResources.ReferenceDataset d : in.resources().referenceDatasets()) {
            ObjectNode o = out.addObject();
            o.put("dataset", d.name());
            o.put("source", d.source());
            o.put("what", d.what());
            o.put("verified", d.verified());
            if (d.note() != null) {
                o.put("note", d.note());
            }
            ObjectNode fields = o.putObject("published_figure");
            d.fields().forEach(fields::put);
        }
        return out;
    }

    private static ObjectNode run(ReportInputs in) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tokens_in", in.manifest().usage().tokensIn());
        n.put("tokens_out", in.manifest().usage().tokensOut());
        n.put("cost_usd", in.manifest().usage().costUsd());
        n.set("narratives", JSON.valueToTree(in.manifest().narratives()));
        n.set("counts", JSON.valueToTree(in.manifest().counts()));
        n.set("rebalancer", JSON.valueToTree(in.manifest().rebalancer()));
        n.set("timings", JSON.valueToTree(in.manifest().timings()));
        n.set("monitor_verdicts", JSON.valueToTree(in.manifest().monitorVerdicts()));
        return n;
    }

    private static ObjectNode censusModel(CensusModel model) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reference_id", model.referenceId());
        ArrayNode fits = n.putArray("ipf_fits");
        for (Ipf.Fit f : model.fits()) {
            ObjectNode o = fits.addObject();
            o.put("name", f.name());
            o.put("iterations", f.iterations());
            o.put("max_abs_deviation", f.maxAbsoluteDeviation());
            o.put("tolerance", f.tolerance());
        }
        ArrayNode provenance = n.putArray("provenance");
        for (CensusModel.TableProvenance p : model.provenance().values()) {
            ObjectNode o = provenance.addObject();
            o.put("table", p.table());
            o.put("provenance", p.provenance());
            o.put("universe", p.universe());
            o.put("used_for", p.usedFor());
        }
        return n;
    }
}
