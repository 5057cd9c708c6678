package md.personas.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import md.personas.census.TargetTable;
import md.personas.record.Row;

/**
 * Running counts of every structured field and monitored joint, judged at every checkpoint:
 * <ul>
 *   <li>each table's chi-square goodness of fit against the census targets (commons-math, small cells pooled):
 *       a p-value below {@code alpha} after {@code min-records} fails;</li>
 *   <li>each controlled table (exact by construction in the accepted stream) must stay within the rebalancer's
 *       band plus the expected lag of the personas in flight: a group that loses records after the rebalancer
 *       (a narrative stage that drops a third of the Gagauz personas, failures correlated with one group) shows
 *       here long before a chi-square test could see it;</li>
 *   <li>optionally, no cell further than {@code max-deviation-pp} points from its target.</li>
 * </ul>
 * Pure logic, not thread-safe: the stream stage feeds it from one thread.
 */
public final class ChiSquareMonitor {

    private final RunningCounts counts;
    private final List<Boolean> controlled;
    private final MonitorSettings settings;
    private List<TableFit> latest = List.of();
    private MonitorVerdict lastVerdict;
    private long failures;
    private final List<MonitorVerdict> verdicts = new ArrayList<>();

    public ChiSquareMonitor(List<TargetTable> tables, List<TargetTable> controlledTables, MonitorSettings settings) {
        this.counts = new RunningCounts(tables);
        this.controlled = tables.stream().map(t -> controlledTables.stream().anyMatch(c -> c.name().equals(t.name())))
                .toList();
        this.settings = settings;
    }

    /** Counts a written record; at a checkpoint returns the verdict, otherwise null. */
    public MonitorVerdict add(Row row) {
        counts.add(row);
        if (counts.n() % settings.every() != 0) {
            return null;
        }
        return evaluate();
    }

    /**
     * Counts a persona whose narrative failed (dead-lettered, retried on resume): the controlled tables allow
     * for failures spread like the population, so that only failures concentrated in a group fail the run.
     */
    public void failed() {
        failures++;
    }

    public long failures() {
        return failures;
    }

    /** Judges the counts now (also called once more at the end of the stream). */
    public MonitorVerdict evaluate() {
        long n = counts.n();
        latest = counts.evaluate();
        MonitorVerdict verdict = MonitorVerdict.pass(n);
        for (int t = 0; t < latest.size() && verdict.passed(); t++) {
            verdict = counts.outside(t) > 0
                    ? fail(n, latest.get(t).target(), counts.outside(t) + " records have a value that is not a census "
                            + "category of this table")
                    : judge(latest.get(t), controlled.get(t), n);
        }
        lastVerdict = verdict;
        verdicts.add(verdict);
        return verdict;
    }

    private MonitorVerdict judge(TableFit fit, boolean isControlled, long n) {
        TargetTable target = fit.target();
        if (fit.fit().impossibleCells() > 0) {
            int cell = firstImpossible(fit);
            return fail(n, target, String.format(Locale.ROOT, "cell '%s' observed %d times but its census share "
                    + "is zero", target.cellLabel(cell), fit.observed()[cell]));
        }
        if (isControlled) {
            for (int c = 0; c < target.size(); c++) {
                double expected = n * target.shares()[c];
                double tolerance = controlledTolerance(target.shares()[c]);
                if (Math.abs(fit.observed()[c] - expected) > tolerance) {
                    return fail(n, target, String.format(Locale.ROOT, "controlled cell '%s' observed %d vs %.1f "
                            + "expected (tolerance ±%.1f: band %.1f plus in-flight lag)", target.cellLabel(c),
                            fit.observed()[c], expected, tolerance, settings.controlledBand()));
                }
            }
        }
        if (n >= settings.minRecords() && fit.fit().pValue() < settings.alpha()) {
            int worst = fit.fit().worstCell();
            return fail(n, target, String.format(Locale.ROOT, "chi-square %.1f, df %d, p=%.2e < alpha %.0e; worst "
                    + "cell '%s' %.2f%% vs %.2f%% target", fit.fit().chiSquare(), fit.fit().degreesOfFreedom(),
                    fit.fit().pValue(), settings.alpha(), target.cellLabel(worst), 100 * fit.observedShare(worst),
                    100 * target.shares()[worst]));
        }
        if (settings.maxDeviationPp() > 0 && n >= settings.minRecords()
                && fit.fit().maxDeviationPp() > settings.maxDeviationPp()) {
            int worst = fit.fit().worstCell();
            return fail(n, target, String.format(Locale.ROOT, "cell '%s' deviates %.2f points (max %.2f)",
                    target.cellLabel(worst), fit.fit().maxDeviationPp(), settings.maxDeviationPp()));
        }
        return MonitorVerdict.pass(n);
    }

    /**
     * Band plus the expected count of in-flight and failed personas in this cell, with four standard deviations
     * of slack, plus one for rounding.
     */
    double controlledTolerance(double share) {
        double missing = settings.inFlight() + failures;
        return settings.controlledBand() + missing * share + 4 * Math.sqrt(missing * share * (1 - share)) + 1;
    }

    private static int firstImpossible(TableFit fit) {
        for (int c = 0; c < fit.observed().length; c++) {
            if (fit.target().shares()[c] == 0 && fit.observed()[c] > 0) {
                return c;
            }
        }
        return -1;
    }

    private static MonitorVerdict fail(long n, TargetTable table, String detail) {
        return new MonitorVerdict(n, false, table.name(), String.format(Locale.ROOT,
                "monitor: table '%s' failed at checkpoint %,d: %s", table.name(), n, detail));
    }

    public long n() {
        return counts.n();
    }

    /** The fits of the latest checkpoint. */
    public List<TableFit> latest() {
        return latest;
    }

    public MonitorVerdict lastVerdict() {
        return lastVerdict;
    }

    public List<MonitorVerdict> verdicts() {
        return List.copyOf(verdicts);
    }

    public MonitorSettings settings() {
        return settings;
    }
}
