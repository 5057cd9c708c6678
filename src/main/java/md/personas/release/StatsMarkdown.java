package md.personas.release;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import md.personas.census.CensusModel;
import md.personas.census.Ipf;
import md.personas.census.TargetTable;
import md.personas.monitoring.DatasetReport;
import md.personas.monitoring.DatasetReport.ListSizes;
import md.personas.monitoring.DatasetReport.ObservedTable;
import md.personas.monitoring.DatasetReport.TextLengths;
import md.personas.monitoring.FitStatistics;
import md.personas.monitoring.MonitorVerdict;
import md.personas.run.RunManifest;
import md.personas.record.NarrativeStatus;

/**
 * {@code moldova_personas_<label>_stats.md}, the stats for people: the summary first (N, tables passing, the worst
 * deviation), then a section per marginal and per joint with its chart and table, then narratives (lengths with
 * histograms, statuses, the comparison with reference datasets' published figures), hard rules, the run and the
 * census model. Charts live in {@code charts/} beside it.
 */
final class StatsMarkdown {

    private StatsMarkdown() {
    }

    static byte[] bytes(ReportInputs in) {
        return text(in).getBytes(StandardCharsets.UTF_8);
    }

    static String text(ReportInputs in) {
        DatasetReport r = in.report();
        StringBuilder md = new StringBuilder(64 * 1024);
        md.append("# Statistics of ").append(in.stem()).append("\n\n");
        md.append("Computed from `").append(in.dataFile()).append("` (").append(ReportText.count(r.records()))
                .append(" records) against the exact adult (").append(CensusModel.MIN_AGE)
                .append("+) census targets of `").append(in.model().referenceId()).append("`. ")
                .append("The same figures, with every cell of every table, are in `").append(in.statsJsonName())
                .append("`.\n\n");
        summary(md, in);
        md.append("## Marginals\n\n");
        for (ObservedTable t : r.tables()) {
            if (!ReportInputs.isJoint(t)) {
                table(md, t);
            }
        }
        md.append("## Joints\n\n");
        for (ObservedTable t : r.tables()) {
            if (ReportInputs.isJoint(t)) {
                table(md, t);
            }
        }
        JointAuditReport.markdown(md, r.jointAudit());
        PeopleSection.markdown(md, r.people());
        narratives(md, in);
        hardRules(md, r);
        run(md, in.manifest());
        censusModel(md, in.model());
        return md.toString();
    }

    private static void summary(StringBuilder md, ReportInputs in) {
        DatasetReport r = in.report();
        md.append("## Summary\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Records | ").append(ReportText.count(r.records())).append(" |\n");
        md.append("| Tables that pass (chi-square p ≥ ").append(DatasetReport.PASS_P_VALUE)
                .append(", no unknown labels) | ").append(r.tablesPassing()).append(" of ").append(r.tables().size())
                .append(" |\n");
        md.append("| Worst deviation | ").append(ReportText.cell(worstDeviation(r))).append(" |\n");
        md.append("| Hard-rule violations | ").append(r.violations() == null ? "not checked"
                : ReportText.count(r.violations().records()) + " records").append(" |\n");
        md.append("| Narratives | ").append(statusLine(r)).append(" |\n");
        md.append("| Seed | ").append(in.manifest().seed()).append(" |\n");
        md.append("| Configuration SHA-256 | `").append(in.manifest().configurationSha256()).append("` |\n");
        md.append("| Software version | ").append(ReportText.cell(in.manifest().softwareVersion())).append(" |\n\n");
        md.append("Every table at a glance (the deviation is the largest |observed share − target share| of any cell, "
                + "in percentage points; TVD is the total variation distance; cells with an expected count under ")
                .append((int) FitStatistics.MIN_EXPECTED).append(" are pooled for the chi-square test):\n\n");
        md.append("| table | cells | χ² | df | p | max deviation (pp) | TVD | passes |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|:---:|\n");
        for (ObservedTable t : r.tables()) {
            FitStatistics f = t.fit().fit();
            md.append("| [").append(ReportText.cell(t.name())).append("](#").append(anchor(t.name())).append(") | ")
                    .append(ReportText.count(t.fit().target().size())).append(" | ")
                    .append(ReportText.decimal2(f.chiSquare())).append(" | ").append(f.degreesOfFreedom())
                    .append(" | ").append(ReportText.pValue(f.pValue())).append(" | ")
                    .append(ReportText.decimal2(f.maxDeviationPp())).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.4f", f.totalVariation())).append(" | ")
                    .append(t.passes() ? "yes" : "**no**").append(" |\n");
        }
        md.append('\n');
    }

    static String worstDeviation(DatasetReport r) {
        ObservedTable worst = r.worstTable();
        if (worst == null) {
            return "none (no records)";
        }
        int c = worst.fit().fit().worstCell();
        return ReportText.decimal2(worst.fit().fit().maxDeviationPp()) + " pp in " + worst.name() + ", cell "
                + worst.fit().target().cellLabel(c) + " (target " + ReportText.percent(worst.fit().target().shares()[c])
                + ", observed " + ReportText.percent(worst.fit().observedShare(c)) + ")";
    }

    static String statusLine(DatasetReport r) {
        List<String> parts = new ArrayList<>();
        for (NarrativeStatus s : NarrativeStatus.values()) {
            parts.add(s.label() + " " + ReportText.count(r.statuses().get(s)));
        }
        return String.join(" · ", parts);
    }

    /** GitHub's anchor of a heading: lowercase, spaces to hyphens, punctuation dropped. */
    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static void table(StringBuilder md, ObservedTable t) {
        TargetTable target = t.fit().target();
        FitStatistics f = t.fit().fit();
        md.append("### ").append(t.name()).append("\n\n");
        md.append("Target: ").append(ReportText.cell(target.basis())).append(".  \n");
        md.append("χ² = ").append(ReportText.decimal2(f.chiSquare())).append(", df = ").append(f.degreesOfFreedom())
                .append(", p = ").append(ReportText.pValue(f.pValue())).append("; largest deviation ")
                .append(ReportText.decimal2(f.maxDeviationPp())).append(" pp");
        if (f.worstCell() >= 0) {
            md.append(" (").append(ReportText.cell(target.cellLabel(f.worstCell()))).append(')');
        }
        md.append("; TVD ").append(String.format(java.util.Locale.ROOT, "%.4f", f.totalVariation()))
                .append("; ").append(t.passes() ? "passes" : "**does not pass**").append('.');
        if (t.outside() > 0) {
            md.append(" **").append(ReportText.count(t.outside())).append(" records have a label that is not a "
                    + "cell of this table.**");
        }
        md.append("\n\n");
        md.append("![").append(ReportText.cell(t.name())).append(": observed vs census target](")
                .append(ReportInputs.chartPath(t)).append(")\n\n");
        List<Integer> shown = ReportInputs.shownCells(t);
        if (ReportInputs.isLarge(t)) {
            md.append("The ").append(shown.size()).append(" cells with the largest targets, of ")
                    .append(ReportText.count(target.size())).append("; ")
                    .append(ReportText.count(target.size() - shown.size()))
                    .append(" more cells are in the stats JSON.\n\n");
        }
        cells(md, t, shown);
        if (ReportInputs.isLarge(t)) {
            md.append("Largest deviations:\n\n");
            cells(md, t, t.fit().worstCells(5));
        }
    }

    private static void cells(StringBuilder md, ObservedTable t, List<Integer> cells) {
        md.append("| cell | target | observed | observed share | deviation (pp) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (int c : cells) {
            md.append("| ").append(ReportText.cell(t.fit().target().cellLabel(c))).append(" | ")
                    .append(ReportText.percent(t.fit().target().shares()[c])).append(" | ")
                    .append(ReportText.count(t.fit().observed()[c])).append(" | ")
                    .append(ReportText.percent(t.fit().observedShare(c))).append(" | ")
                    .append(ReportText.pp(t.deviationPp(c))).append(" |\n");
        }
        md.append('\n');
    }

    private static void narratives(StringBuilder md, ReportInputs in) {
        DatasetReport r = in.report();
        md.append("## Narratives\n\n");
        md.append("Status: ").append(statusLine(r)).append(".  \n");
        md.append("Models: ").append(counts(r.models())).append(".  \n");
        md.append("Prompt versions: ").append(counts(r.promptVersions())).append(".\n\n");
        if (r.narrated() == 0) {
            md.append("This release has no written narratives (structured only), so there are no lengths to "
                    + "report and the comparison with the reference datasets does not apply.\n\n");
            return;
        }
        md.append("### Lengths\n\n");
        md.append("Characters (Unicode code points) per record, over the ").append(ReportText.count(r.narrated()))
                .append(" records whose narrative was written. Percentiles are nearest-rank.\n\n");
        md.append("| field | min | p5 | p25 | median | p75 | p95 | max | mean | contract | outside contract |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TextLengths l : r.lengths()) {
            Integer min = in.contractMin(l.field());
            Integer max = in.contractMax(l.field());
            String contract = min == null && max == null ? "" : (min == null ? "0" : ReportText.count(min)) + "–"
                    + (max == null ? "" : ReportText.count(max));
            String outside = min == null && max == null ? ""
                    : ReportText.count(l.outside(min == null ? 0 : min, max == null ? Integer.MAX_VALUE : max));
            md.append("| ").append(l.field().columnName()).append(" | ").append(ReportText.count(l.min()))
                    .append(" | ").append(ReportText.count(l.p5())).append(" | ").append(ReportText.count(l.p25()))
                    .append(" | ").append(ReportText.count(l.median())).append(" | ")
                    .append(ReportText.count(l.p75())).append(" | ").append(ReportText.count(l.p95())).append(" | ")
                    .append(ReportText.count(l.max())).append(" | ").append(ReportText.grouped2(l.mean()))
                    .append(" | ").append(contract).append(" | ").append(outside).append(" |\n");
        }
        md.append('\n');
        for (TextLengths l : r.lengths()) {
            md.append("![").append(l.field().columnName()).append(" length histogram](")
                    .append(ReportInputs.lengthChartPath(l.field())).append(")\n\n");
        }
        md.append("### List sizes\n\n");
        md.append("| field | min items | max items | mean items | records by item count |\n");
        md.append("|---|---:|---:|---:|---|\n");
        for (ListSizes s : r.lists()) {
            List<String> d = new ArrayList<>();
            s.distribution().forEach((items, count) -> d.add(items + ": " + ReportText.count(count)));
            md.append("| ").append(s.field().columnName()).append(" | ").append(s.min()).append(" | ")
                    .append(s.max()).append(" | ").append(ReportText.decimal2(s.mean())).append(" | ")
                    .append(String.join(", ", d)).append(" |\n");
        }
        md.append('\n');
        comparison(md, in);
    }

    private static void comparison(StringBuilder md, ReportInputs in) {
        List<ReleaseResources.ReferenceDataset> datasets = in.resources().referenceDatasets();
        md.append("### Comparison with reference datasets\n\n");
        md.append("Our lengths beside the published figures of NVIDIA's Nemotron-Personas releases, where a figure "
                + "exists for the field. These are published figures, not our measurements; each says where it "
                + "comes from below the table.\n\n");
        md.append("| field | this release: median (p5–p95), min–max |");
        for (ReleaseResources.ReferenceDataset d : datasets) {
            md.append(' ').append(ReportText.cell(d.name())).append(" (published figure) |");
        }
        md.append("\n|---|---|");
        md.append("---|".repeat(datasets.size()));
        md.append('\n');
        for (TextLengths l : in.report().lengths()) {
            String field = l.field().columnName();
            if (datasets.stream().noneMatch(d -> d.fields().containsKey(field))) {
                continue;
            }
            md.append("| ").append(field).append(" | ").append(ReportText.count(l.median())).append(" (")
                    .append(ReportText.count(l.p5())).append("–").append(ReportText.count(l.p95())).append("), ")
                    .append(ReportText.count(l.min())).append("–").append(ReportText.count(l.max())).append(" |");
            for (ReleaseResources.ReferenceDataset d : datasets) {
                md.append(' ').append(ReportText.cell(d.fields().getOrDefault(field, ""))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        for (ReleaseResources.ReferenceDataset d : datasets) {
            md.append("- ").append(d.name()).append(": ").append(d.what()).append("; source: ").append(d.source())
                    .append(d.verified() ? "" : " (" + d.note() + ")").append(".\n");
        }
        md.append("- Our own contract asks for `cultural_background` of ")
                .append(ReportText.count(in.contract().minChars("cultural_background"))).append("–")
                .append(ReportText.count(in.contract().maxChars("cultural_background")))
                .append(" characters, aiming at about 1,800.\n\n");
    }

    private static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add("`" + (k.isEmpty() ? "(empty)" : k) + "` " + ReportText.count(v)));
        return String.join(", ", parts);
    }

    private static void hardRules(StringBuilder md, DatasetReport r) {
        md.append("## Hard consistency rules\n\n");
        if (r.violations() == null) {
            md.append("Not checked.\n\n");
            return;
        }
        md.append(ReportText.count(r.violations().records())).append(" records break a hard rule (")
                .append(ReportText.count(r.violations().violations())).append(" violations in all)");
        if (r.violations().examples().isEmpty()) {
            md.append(".\n\n");
            return;
        }
        md.append("; the first ones:\n\n");
        for (String e : r.violations().examples()) {
            md.append("- ").append(e).append('\n');
        }
        md.append('\n');
    }

    private static void run(StringBuilder md, RunManifest m) {
        md.append("## Run\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Narratives | mode `").append(m.narratives().mode()).append("`, model `")
                .append(m.narratives().model()).append("`, prompt version ")
                .append(m.narratives().promptVersion().isEmpty() ? "none" : "`" + m.narratives().promptVersion() + "`")
                .append(" |\n");
        md.append("| Proposals / accepted | ").append(ReportText.count(m.counts().proposals())).append(" / ")
                .append(ReportText.count(m.counts().accepted())).append(" (acceptance ")
                .append(ReportText.percent(m.counts().acceptanceRatio())).append(") |\n");
        md.append("| Written / dead letters | ").append(ReportText.count(m.counts().written())).append(" / ")
                .append(ReportText.count(m.counts().deadLetters())).append(" |\n");
        md.append("| Rebalancer | controlled ").append(String.join(", ", m.rebalancer().controlledTables()))
                .append("; prefix band ±").append(ReportText.decimal2(m.rebalancer().prefixBand()))
                .append(" persons; worst prefix deviation ")
                .append(ReportText.decimal2(m.rebalancer().worstPrefixDeviation())).append(" persons |\n");
        md.append("| Tokens in / out | ").append(ReportText.count(m.usage().tokensIn())).append(" / ")
                .append(ReportText.count(m.usage().tokensOut())).append(" |\n");
        md.append("| Cost | ").append(String.format(java.util.Locale.ROOT, "%.4f", m.usage().costUsd()))
                .append(" USD |\n");
        long failed = m.monitorVerdicts().stream().filter(v -> !v.passed()).count();
        md.append("| Monitor | ").append(ReportText.plural(m.monitorVerdicts().size(), "checkpoint evaluation"))
                .append(", ")
                .append(failed).append(" failed |\n\n");
        for (MonitorVerdict v : m.monitorVerdicts()) {
            if (!v.passed()) {
                md.append("- failed at ").append(ReportText.count(v.checkpoint())).append(" records, table ")
                        .append(v.table()).append(": ").append(v.reason()).append('\n');
            }
        }
        if (failed > 0) {
            md.append('\n');
        }
        if (!m.timings().isEmpty()) {
            md.append("| phase | start | end | seconds |\n|---|---|---|---:|\n");
            for (RunManifest.Phase p : m.timings()) {
                md.append("| ").append(p.name()).append(" | ").append(p.start()).append(" | ")
                        .append(p.end() == null ? "(running)" : p.end()).append(" | ")
                        .append(p.seconds() == null ? "" : ReportText.decimal2(p.seconds())).append(" |\n");
            }
            md.append('\n');
        }
    }

    private static void censusModel(StringBuilder md, CensusModel model) {
        md.append("## Census model\n\n");
        md.append("Reference `").append(model.referenceId()).append("`. Joints fitted by IPF at start-up:\n\n");
        for (Ipf.Fit f : model.fits()) {
            md.append("- ").append(f.describe()).append('\n');
        }
        md.append("\nReference tables used, with their provenance label (the dataset card explains the labels):\n\n");
        md.append("| table | provenance | universe | used for |\n|---|---|---|---|\n");
        for (CensusModel.TableProvenance p : model.provenance().values()) {
            md.append("| `").append(p.table()).append("` | `").append(p.provenance()).append("` | ")
                    .append(ReportText.cell(p.universe())).append(" | ").append(ReportText.cell(p.usedFor()))
                    .append(" |\n");
        }
        md.append('\n');
    }

    /** Used by the card: the sentence summarising the fit. */
    static String fitSentence(DatasetReport r) {
        return r.tablesPassing() + " of " + r.tables().size() + " tables pass (chi-square p ≥ "
                + DatasetReport.PASS_P_VALUE + ", no unknown labels); the worst deviation is " + worstDeviation(r)
                + ".";
    }
}
