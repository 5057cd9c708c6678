package md.personas.operations;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.census.TargetTable;
import md.personas.monitoring.JointAudit;
import md.personas.monitoring.PeopleAudit;
import md.personas.monitoring.RunningCounts;
import md.personas.monitoring.TableFit;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeCheck;
import md.personas.rebalancing.QuotaPlan;
import md.personas.record.Column;
import md.personas.record.NarrativeStatus;
import md.personas.record.Row;
import md.personas.release.JointAuditReport;
import md.personas.run.RunFailure;
import md.personas.sampling.PersonaIds;
import md.personas.sinks.RecordJson;
import md.personas.sinks.RecordParquet;
import md.personas.sinks.RowCursor;

/**
 * The full statistical and contract check of a finished dataset ({@code validate DIR}): row count, {@code index}
 * 0..N-1 without gaps or repeats, unique (and, with the run's seed, deterministic) {@code uuid}, no nulls, every
 * hard rule, every marginal and monitored joint against the census (chi-square, deviation, TVD), the controlled
 * tables exactly on their quotas, and the narrative contract wherever narratives exist. One pass over the file;
 * memory independent of N except the index bitmap.
 */
public final class DatasetValidator {

    /** One line of the verdict. */
    public record Check(String name, boolean passed, String detail) { }

    /** Everything validate found; the fits are in the form the stats files reuse. */
    public record Report(Path file, long rows, List<Check> checks, List<TableFit> fits,
                         Map<String, Long> narrativeStatuses, JointAudit jointAudit) {

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    private static final int BATCH = 2000;
    private static final int EXAMPLES = 3;
    static final int SURNAME_CHECK_MIN_ROWS = 10_000;
    static final double MAX_TOP1_SURNAME = 0.02;
    static final double MAX_TOP20_SURNAMES = 0.20;

    private final CensusModel model;
    private final CensusTargets targets;
    private final List<TargetTable> controlled;
    private final double alpha;

    public DatasetValidator(CensusModel model, CensusTargets targets, List<TargetTable> controlled, double alpha) {
        this.model = model;
        this.targets = targets;
        this.controlled = controlled;
        this.alpha = alpha;
    }

    /** The released data file of a directory: the Parquet file, else the JSONL file. */
    public static Path datasetFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw RunFailure.usage(dir + " is not a directory; pass the output directory of a run to validate");
        }
        Path jsonl = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "moldova_personas_*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".parquet")) {
                    return f;
                }
                if (name.endsWith(".jsonl")) {
                    jsonl = f;
                }
            }
        }
        if (jsonl == null) {
            throw RunFailure.usage("no moldova_personas_<label>.parquet or .jsonl in " + dir
                    + "; run generate first (release files appear when a run completes)");
        }
        return jsonl;
    }

    public Report validate(Path file, OptionalLong expectedCount, OptionalLong seed) throws IOException {
        ConsistencyRules rules = new ConsistencyRules(model);
        // The narrative contract and the record-coherence check, as generate applies them to every record.
        NarrativeCheck contract = NarrativeCheck.load();
        RowPersonas personas = new RowPersonas(model);
        RunningCounts counts = new RunningCounts(new ArrayList<>(targets.tables().values()));
        JointAudit.Accumulator audit = JointAudit.accumulator(targets.crossTabs());
        PeopleAudit.Counter people = new PeopleAudit.Counter(targets);
        BitSet indices = new BitSet();
        Set<String> uuids = seed.isPresent() ? null : new HashSet<>();
        long rows = 0;
        long duplicates = 0;
        long outOfRange = 0;
        long badUuids = 0;
        long nulls = 0;
        long ruleViolations = 0;
        long contractViolations = 0;
        long checkedNarratives = 0;
        List<String> ruleExamples = new ArrayList<>();
        List<String> contractExamples = new ArrayList<>();
        List<String> nullExamples = new ArrayList<>();
        Map<String, Long> statuses = new TreeMap<>();
        List<Row> batch = new ArrayList<>(BATCH);
        try (RowCursor cursor = file.getFileName().toString().endsWith(".parquet") ? RecordParquet.open(file)
                : RecordJson.open(file)) {
            for (Row row = cursor.next(); ; row = cursor.next()) {
                if (row != null) {
                    rows++;
                    Object index = row.get(Column.INDEX);
                    long i = index instanceof Number n ? n.longValue() : -1;
                    if (i < 0 || i > Integer.MAX_VALUE) {
                        outOfRange++;
                    } else if (indices.get((int) i)) {
                        duplicates++;
                    } else {
                        indices.set((int) i);
                    }
                    String uuid = row.string(Column.UUID);
                    if (uuids != null ? !uuids.add(String.valueOf(uuid))
                            : !PersonaIds.uuid(seed.getAsLong(), i).equals(uuid)) {
                        badUuids++;
                    }
                    for (Column c : Column.values()) {
                        if (row.get(c) == null) {
                            nulls++;
                            if (nullExamples.size() < EXAMPLES) {
                                nullExamples.add("index " + i + ": " + c.columnName());
                            }
                        }
                    }
                    List<String> v = rules.violations(row);
                    if (!v.isEmpty()) {
                        ruleViolations++;
                        if (ruleExamples.size() < EXAMPLES) {
                            ruleExamples.add("index " + i + ": " + v.get(0));
                        }
                    }
                    counts.add(row);
                    audit.add(row);
                    people.add(row);
                    String status = row.string(Column.NARRATIVE_STATUS);
                    statuses.merge(String.valueOf(status), 1L, Long::sum);
                    if (NarrativeStatus.LLM.label().equals(status) || NarrativeStatus.TEMPLATE.label().equals(status)
                            || NarrativeStatus.FAILED.label().equals(status)) {
                        batch.add(row);
                    }
                }
                if (batch.size() >= BATCH || (row == null && !batch.isEmpty())) {
                    // The contract check is the costly part: each batch is checked on every core.
                    List<String> found = batch.parallelStream().map(r -> {
                        if (NarrativeStatus.FAILED.label().equals(r.string(Column.NARRATIVE_STATUS))) {
                            return "index " + r.get(Column.INDEX) + ": a failed narrative was released";
                        }
                        List<ContractViolation> cv = contract.check(personas.persona(r), RowPersonas.narrative(r));
                        return cv.isEmpty() ? null : "index " + r.get(Column.INDEX) + ": " + cv.get(0);
                    }).filter(java.util.Objects::nonNull).toList();
                    checkedNarratives += batch.size();
                    contractViolations += found.size();
                    for (String f : found) {
                        if (contractExamples.size() < EXAMPLES) {
                            contractExamples.add(f);
                        }
                    }
                    batch.clear();
                }
                if (row == null) {
                    break;
                }
            }
        }
        List<Check> checks = new ArrayList<>();
        long n = expectedCount.orElse(rows);
        checks.add(new Check("rows", rows == n && rows > 0, String.format(Locale.ROOT, "%,d rows%s", rows,
                expectedCount.isPresent() ? String.format(Locale.ROOT, " (run.json count %,d)", n) : "")));
        boolean contiguous = duplicates == 0 && outOfRange == 0 && indices.cardinality() == rows
                && indices.nextClearBit(0) == rows;
        checks.add(new Check("index", contiguous, contiguous ? String.format(Locale.ROOT,
                "0..%,d without gaps or repeats", rows - 1) : String.format(Locale.ROOT,
                "%,d repeated, %,d out of range, first gap at %,d", duplicates, outOfRange, indices.nextClearBit(0))));
        checks.add(new Check("uuid", badUuids == 0, badUuids == 0
                ? (seed.isPresent() ? "unique and deterministic from seed " + seed.getAsLong() : "unique")
                : badUuids + (seed.isPresent() ? " not the uuid of (seed, index)" : " repeated")));
        checks.add(new Check("nulls", nulls == 0, nulls == 0 ? "none" : nulls + " null values, e.g. " + nullExamples));
        checks.add(new Check("hard rules", ruleViolations == 0, ruleViolations == 0 ? "0 violations"
                : ruleViolations + " records break a rule, e.g. " + ruleExamples));
        List<TableFit> fits = counts.evaluate();
        checks.add(controlledCheck(fits, rows));
        checks.add(fitCheck(fits, counts));
        checks.add(surnameCheck(people.result()));
        long structuredOnly = statuses.getOrDefault(NarrativeStatus.NONE.label(), 0L);
        checks.add(new Check("narrative contract", contractViolations == 0 && (structuredOnly == 0
                || structuredOnly == rows), checkedNarratives == 0 ? "structured-only dataset (narrative_status "
                + "none): not applicable" : String.format(Locale.ROOT, "%,d narratives checked, %,d violations%s",
                checkedNarratives, contractViolations, contractExamples.isEmpty() ? "" : ", e.g. " + contractExamples)));
        return new Report(file, rows, checks, fits, statuses, audit.result());
    }

    private Check controlledCheck(List<TableFit> fits, long rows) {
        if (rows == 0) {
            return new Check("controlled tables", false, "no rows");
        }
        QuotaPlan plan = QuotaPlan.forCount(controlled, rows);
        List<String> off = new ArrayList<>();
        for (int t = 0; t < controlled.size(); t++) {
            TableFit fit = fitOf(fits, controlled.get(t).name());
            long[] quotas = plan.quotas(t);
            for (int c = 0; c < quotas.length; c++) {
                if (fit.observed()[c] != quotas[c]) {
                    off.add(controlled.get(t).cellLabel(c) + " " + fit.observed()[c] + " vs " + quotas[c]);
                }
            }
        }
        return new Check("controlled tables", off.isEmpty(), off.isEmpty() ? controlled.size()
                + " tables exactly on their integer quotas" : off.size() + " cells off quota, e.g. "
                + off.subList(0, Math.min(EXAMPLES, off.size())));
    }

    private Check fitCheck(List<TableFit> fits, RunningCounts counts) {
        List<String> failed = new ArrayList<>();
        TableFit worst = null;
        for (int t = 0; t < fits.size(); t++) {
            TableFit f = fits.get(t);
            if (counts.outside(t) > 0) {
                failed.add(f.name() + ": " + counts.outside(t) + " values outside the census categories");
            } else if (f.fit().impossibleCells() > 0 || f.fit().pValue() < alpha) {
                failed.add(String.format(Locale.ROOT, "%s p=%.1e", f.name(), f.fit().pValue()));
            }
            if (worst == null || f.fit().pValue() < worst.fit().pValue()) {
                worst = f;
            }
        }
        String detail = String.format(Locale.ROOT, "%d tables, chi-square p >= %.0e; lowest p %.3g (%s)",
                fits.size(), alpha, worst.fit().pValue(), worst.name());
        return new Check("marginals and joints", failed.isEmpty(), failed.isEmpty() ? detail
                : failed.size() + " tables fail: " + failed);
    }

    /**
     * No surname above 2% of the records and the 20 most common under a fifth (Moldova's most common surname is
     * well under 1%); judged from 10,000 rows, where one surname's share is no longer mostly chance.
     */
    static Check surnameCheck(PeopleAudit p) {
        PeopleAudit.SurnameConcentration s = p.surnames();
        String detail = String.format(Locale.ROOT, "top-1 %s %.2f%%, top-20 %.2f%%, %,d distinct (%,.0f per 100,000)",
                s.top1(), 100 * s.top1Share(), 100 * s.top20Share(), s.distinct(), s.distinctPer100k(p.records()));
        if (p.records() < SURNAME_CHECK_MIN_ROWS) {
            return new Check("surnames", true, detail + "; not judged below " + SURNAME_CHECK_MIN_ROWS + " rows");
        }
        return new Check("surnames", s.top1Share() <= MAX_TOP1_SURNAME && s.top20Share() < MAX_TOP20_SURNAMES,
                detail + String.format(Locale.ROOT, " (limits %.0f%% and %.0f%%)", 100 * MAX_TOP1_SURNAME,
                        100 * MAX_TOP20_SURNAMES));
    }

    private static TableFit fitOf(List<TableFit> fits, String name) {
        return fits.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** The readable summary validate prints. */
    public static void print(Report report, PrintStream out) {
        out.printf(Locale.ROOT, "validate %s: %,d rows%n", report.file(), report.rows());
        for (Check c : report.checks()) {
            out.printf(Locale.ROOT, "  %-4s %-20s %s%n", c.passed() ? "ok" : "FAIL", c.name(), c.detail());
        }
        out.printf(Locale.ROOT, "  narrative_status: %s%n", report.narrativeStatuses());
        out.println();
        out.printf(Locale.ROOT, "  %-32s %6s %10s %5s %10s %8s %7s%n", "table", "cells", "chi2", "df", "p",
                "max dev", "TVD");
        for (TableFit f : report.fits()) {
            out.printf(Locale.ROOT, "  %-32s %6d %10.1f %5d %10.3g %6.2fpp %7.4f%n", f.name(), f.target().size(),
                    f.fit().chiSquare(), f.fit().degreesOfFreedom(), f.fit().pValue(), f.fit().maxDeviationPp(),
                    f.fit().totalVariation());
        }
        out.println();
        // Informational, never a failure: seeded joints keep some distance from their older census by design.
        out.print(JointAuditReport.text(report.jointAudit()));
        out.println();
        out.println(report.passed() ? "verdict: PASS" : "verdict: FAIL");
    }
}
