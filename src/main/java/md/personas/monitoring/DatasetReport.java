package md.personas.monitoring;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.narratives.NarrativeFields;
import md.personas.record.Column;
import md.personas.record.NarrativeStatus;
import md.personas.record.Row;
import md.personas.sinks.RowCursor;
import md.personas.sinks.StoredRow;

/**
 * What a released dataset holds, computed in one streaming pass over its rows: every census target table's
 * observed counts and fit, hard-rule violations, narrative lengths per field, list sizes, narrative statuses and
 * the models and prompt versions that wrote them. Memory does not grow with the number of rows: counts per table
 * cell, one count per distinct text length (bounded by the longest text, not by N), and one count per distinct
 * model name; the name audit keeps one entry per distinct name.
 *
 * @param records rows read
 * @param tables every target table in {@link CensusTargets} order, with its fit
 * @param violations hard-rule violations, or null when no checker was given
 * @param lengths character lengths of each narrative text field, over the rows whose narrative was written
 * @param lists item counts of each list field, over the same rows
 * @param statuses rows per narrative status, every status present (zero when absent)
 * @param models rows per {@code narrative_model}, sorted by name
 * @param promptVersions rows per {@code prompt_version}, sorted
 * @param jointAudit the rows against every cross-tabulation the reference holds
 * @param people female share by occupation group, surname concentration and first names by birth decade
 */
public record DatasetReport(long records, List<ObservedTable> tables, RuleViolations violations,
                            List<TextLengths> lengths, List<ListSizes> lists, Map<NarrativeStatus, Long> statuses,
                            SortedMap<String, Long> models, SortedMap<String, Long> promptVersions,
                            JointAudit jointAudit,
                            PeopleAudit people) {

    /** A table passes when its chi-square p-value is at least this. */
    public static final double PASS_P_VALUE = 0.01;

    /** Violation messages kept as examples; the counts are always complete. */
    public static final int VIOLATION_EXAMPLES = 10;

    /** The narrative text fields whose lengths are reported: every narrative field that is not a list. */
    public static final List<Column> TEXT_FIELDS = NarrativeFields.columns(f -> !NarrativeFields.isList(f));

    /** The narrative list fields. */
    public static final List<Column> LIST_FIELDS = NarrativeFields.columns(NarrativeFields::isList);

    public DatasetReport {
        tables = List.copyOf(tables);
        lengths = List.copyOf(lengths);
        lists = List.copyOf(lists);
        statuses = Collections.unmodifiableMap(new EnumMap<>(statuses));
        models = Collections.unmodifiableSortedMap(new TreeMap<>(models));
        promptVersions = Collections.unmodifiableSortedMap(new TreeMap<>(promptVersions));
    }

    /**
     * One target table as observed.
     *
     * @param outside rows whose labels are not a cell of the table (unknown categories)
     */
    public record ObservedTable(TableFit fit, long outside) {

        public String name() {
            return fit.name();
        }

        public boolean passes() {
            return fit.fit().pValue() >= PASS_P_VALUE && outside == 0;
        }

        /** Signed deviation of a cell in percentage points: observed share minus target share, times 100. */
        public double deviationPp(int cell) {
            return (fit.observedShare(cell) - fit.target().shares()[cell]) * 100;
        }
    }

    /**
     * Hard-rule violations of {@link ConsistencyRules}.
     *
     * @param records rows with at least one violation
     * @param violations violations in all
     * @param examples the first few, as "index N: message", in file order
     */
    public record RuleViolations(long records, long violations, List<String> examples) {

        public RuleViolations {
            examples = List.copyOf(examples);
        }
    }

    /**
     * The distribution of one text field's length in Unicode code points (what a reader counts as characters).
     * Percentiles are nearest-rank: the smallest length with at least q of the rows at or below it.
     *
     * @param records rows counted (those whose narrative was written)
     * @param empty of those, rows with an empty value
     * @param histogram fixed bins of {@link Histogram#binWidth()} characters; the last bin is open-ended
     */
    public record TextLengths(Column field, long records, long empty, int min, int p5, int p25, int median, int p75,
                              int p95, int max, double mean, Histogram histogram, long[] countsByLength) {

        /** Rows whose length lies outside [{@code low}, {@code high}]. */
        public long outside(int low, int high) {
            long out = 0;
            for (int len = 0; len < countsByLength.length; len++) {
                if (len < low || len > high) {
                    out += countsByLength[len];
                }
            }
            return out;
        }
    }

    /**
     * Fixed-width bins of lengths: bin k holds [k x width, (k+1) x width), the last bin everything from its start.
     */
    public record Histogram(int binWidth, long[] counts) {

        public int binStart(int bin) {
            return bin * binWidth;
        }

        public boolean isOpen(int bin) {
            return bin == counts.length - 1;
        }
    }

    /**
     * Item counts of one list field.
     *
     * @param distribution rows by number of items, ascending
     */
    public record ListSizes(Column field, long records, int min, int max, double mean,
                            SortedMap<Integer, Long> distribution) {

        public ListSizes {
            distribution = Collections.unmodifiableSortedMap(new TreeMap<>(distribution));
        }
    }

    /** Tables that pass ({@link ObservedTable#passes()}). */
    public long tablesPassing() {
        return tables.stream().filter(ObservedTable::passes).count();
    }

    /** The table holding the largest absolute cell deviation, or null when there are no rows. */
    public ObservedTable worstTable() {
        ObservedTable worst = null;
        for (ObservedTable t : tables) {
            if (t.fit().fit().worstCell() >= 0
                    && (worst == null || t.fit().fit().maxDeviationPp() > worst.fit().fit().maxDeviationPp())) {
                worst = t;
            }
        }
        return worst;
    }

    /** Rows whose narrative was written (llm or template). */
    public long narrated() {
        return statuses.get(NarrativeStatus.LLM) + statuses.get(NarrativeStatus.TEMPLATE);
    }

    public TextLengths lengths(Column field) {
        return lengths.stream().filter(l -> l.field() == field).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + " is not a narrative text field"));
    }

    // ---- computing it ----

    /** Reads every row of {@code rows} once. {@code rules} may be null: then no violations are counted. */
    public static DatasetReport of(RowCursor rows, CensusTargets targets, ConsistencyRules rules) throws IOException {
        Accumulator a = accumulator(targets, rules);
        for (StoredRow row = rows.next(); row != null; row = rows.next()) {
            a.add(row);
        }
        return a.report();
    }

    /** As {@link #of(RowCursor, CensusTargets, ConsistencyRules)}, over rows in memory or any iterable. */
    public static DatasetReport of(Iterable<? extends Row> rows, CensusTargets targets, ConsistencyRules rules) {
        Accumulator a = accumulator(targets, rules);
        for (Row row : rows) {
            a.add(row);
        }
        return a.report();
    }

    /** An accumulator for a caller that feeds rows itself. */
    public static Accumulator accumulator(CensusTargets targets, ConsistencyRules rules) {
        return new Accumulator(targets, rules);
    }

    /** Bin width of each text field's length histogram: about 30 bins over the lengths the contract allows. */
    static int binWidth(Column field) {
        return switch (field) {
            case CULTURAL_BACKGROUND -> 100;  // contract 1,500-2,500: bins up to 3,000
            case PERSONA_SUMMARY -> 10;       // contract 100-200: up to 300
            case SKILLS_AND_EXPERTISE, HOBBIES_AND_INTERESTS, CAREER_GOALS_AND_AMBITIONS -> 50; // up to 1,500
            default -> 25;                    // the persona variants, at most 600: up to 750
        };
    }

    static final int BINS = 30;

    /** Feeds rows one at a time; not thread-safe. */
    public static final class Accumulator {
        private final RunningCounts counts;
        private final JointAudit.Accumulator audit;
        private final ConsistencyRules rules;
        private final LengthCounter[] lengths = new LengthCounter[TEXT_FIELDS.size()];
        private final LengthCounter[] listSizes = new LengthCounter[LIST_FIELDS.size()];
        private final EnumMap<NarrativeStatus, Long> statuses = new EnumMap<>(NarrativeStatus.class);
        private final TreeMap<String, Long> models = new TreeMap<>();
        private final TreeMap<String, Long> promptVersions = new TreeMap<>();
        private final List<String> examples = new ArrayList<>();
        private long violatingRecords;
        private long violations;
        private long records;
        private final PeopleAudit.Counter people;
        private final List<Consumer<Row>> parts;

        private Accumulator(CensusTargets targets, ConsistencyRules rules) {
            this.counts = new RunningCounts(List.copyOf(targets.tables().values()));
            this.audit = JointAudit.accumulator(targets.crossTabs());
            this.people = new PeopleAudit.Counter(targets);
            this.rules = rules;
            this.parts = List.of(counts::add, audit::add, people::add, this::addRulesAndNarratives);
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = new LengthCounter();
            }
            for (int i = 0; i < listSizes.length; i++) {
                listSizes[i] = new LengthCounter();
            }
            for (NarrativeStatus s : NarrativeStatus.values()) {
                statuses.put(s, 0L);
            }
        }

        /** Adds a row to every part of the report, in turn. */
        public void add(Row row) {
            for (Consumer<Row> part : parts()) {
                part.accept(row);
            }
        }

        /**
         * The report's independent parts (the census tables, the joint audit, the people audit, the hard rules with
         * the narrative figures), each touching only its own counters: the release feeds them on separate threads,
         * every row to each in index order, and reads {@link #report()} once they are done.
         */
        public List<Consumer<Row>> parts() {
            return parts;
        }

        private void addRulesAndNarratives(Row row) {
            records++;
            if (rules != null) {
                List<String> found = rules.violations(row);
                if (!found.isEmpty()) {
                    violatingRecords++;
                    violations += found.size();
                    for (String v : found) {
                        if (examples.size() < VIOLATION_EXAMPLES) {
                            examples.add("index " + row.get(Column.INDEX) + ": " + v);
                        }
                    }
                }
            }
            NarrativeStatus status = NarrativeStatus.fromLabel(row.string(Column.NARRATIVE_STATUS));
            statuses.merge(status, 1L, Long::sum);
            models.merge(row.string(Column.NARRATIVE_MODEL), 1L, Long::sum);
            promptVersions.merge(row.string(Column.PROMPT_VERSION), 1L, Long::sum);
            if (status == NarrativeStatus.LLM || status == NarrativeStatus.TEMPLATE) {
                for (int i = 0; i < lengths.length; i++) {
                    String text = row.string(TEXT_FIELDS.get(i));
                    lengths[i].add(text.codePointCount(0, text.length()));
                }
                for (int i = 0; i < listSizes.length; i++) {
                    listSizes[i].add(((List<?>) row.get(LIST_FIELDS.get(i))).size());
                }
            }
        }

        public DatasetReport report() {
            List<TableFit> fits = counts.evaluate();
            List<ObservedTable> tables = new ArrayList<>(fits.size());
            for (int t = 0; t < fits.size(); t++) {
                tables.add(new ObservedTable(fits.get(t), counts.outside(t)));
            }
            List<TextLengths> textLengths = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                textLengths.add(lengths[i].textLengths(TEXT_FIELDS.get(i)));
            }
            List<ListSizes> sizes = new ArrayList<>();
            for (int i = 0; i < listSizes.length; i++) {
                sizes.add(listSizes[i].listSizes(LIST_FIELDS.get(i)));
            }
            RuleViolations v = rules == null ? null : new RuleViolations(violatingRecords, violations, examples);
            return new DatasetReport(records, tables, v, textLengths, sizes, statuses, models, promptVersions,
                    audit.result(),
                    people.result());
        }
    }

    /** Exact counts per small non-negative integer (a length or a list size), grown to the largest seen. */
    private static final class LengthCounter {
        private long[] counts = new long[64];
        private long n;
        private long sum;

        void add(int value) {
            if (value >= counts.length) {
                counts = Arrays.copyOf(counts, Math.max(value + 1, counts.length * 2));
            }
            counts[value]++;
            n++;
            sum += value;
        }

        int min() {
            for (int v = 0; v < counts.length; v++) {
                if (counts[v] > 0) {
                    return v;
                }
            }
            return 0;
        }

        int max() {
            for (int v = counts.length - 1; v >= 0; v--) {
                if (counts[v] > 0) {
                    return v;
                }
            }
            return 0;
        }

        /** Nearest rank: the smallest value with at least ceil(q x n) observations at or below it. */
        int percentile(double q) {
            if (n == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * n));
            long seen = 0;
            for (int v = 0; v < counts.length; v++) {
                seen += counts[v];
                if (seen >= rank) {
                    return v;
                }
            }
            throw new IllegalStateException("unreachable: rank " + rank + " of " + n);
        }

        double mean() {
            return n == 0 ? 0 : (double) sum / n;
        }

        TextLengths textLengths(Column field) {
            int width = binWidth(field);
            long[] bins = new long[BINS];
            for (int v = 0; v < counts.length; v++) {
                bins[Math.min(v / width, BINS - 1)] += counts[v];
            }
            return new TextLengths(field, n, counts[0], min(), percentile(0.05), percentile(0.25), percentile(0.5),
                    percentile(0.75), percentile(0.95), max(), mean(), new Histogram(width, bins),
                    Arrays.copyOf(counts, max() + 1));
        }

        ListSizes listSizes(Column field) {
            SortedMap<Integer, Long> distribution = new TreeMap<>();
            for (int v = 0; v < counts.length; v++) {
                if (counts[v] > 0) {
                    distribution.put(v, counts[v]);
                }
            }
            return new ListSizes(field, n, min(), max(), mean(), distribution);
        }
    }
}
