package md.personas.rebalancing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import md.personas.census.CensusModel;
import md.personas.census.Dimension;
import md.personas.census.TargetTable;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.sampling.CounterRandom;
import md.personas.sampling.PersonaIds;

/**
 * Streaming quota controller between the sampler and the narrative stage: it accepts or rejects proposals so
 * that every controlled table stays within {@code prefix-band} persons of n x share at every prefix n and, for a
 * run of N, ends exactly on its integer quotas.
 *
 * <p>How: the primary tables (the largest group of controlled tables that share variables; by default ethnicity
 * x region and region x residence) are scheduled position by position ({@link PrimarySchedule}); the other
 * controlled tables (by default sex x age group) are steered by which waiting proposal of the scheduled primary
 * cell is taken. Proposals wait in one bounded FIFO queue per primary cell. Normally the earliest waiting
 * proposal is taken; only when a secondary cell has fallen a person behind its share is the earliest proposal
 * that serves it preferred, and a secondary cell never goes more than the band ahead or behind.
 *
 * <p>Why rejection preserves the sampler's conditional structure: whether and when a proposal is accepted
 * depends only on its controlled cells and on counts, never on its other fields, and within a primary cell
 * proposals leave in arrival order unless a secondary table needs steering. So given the controlled variables,
 * every other field of an accepted persona (education, occupation, language, ...) has the sampler's
 * conditional distribution; the primary schedule follows the model's joint of its variables at every level; and
 * the secondary variables (sex, age) keep their association with the primary ones (minorities are older), since
 * they are steered only now and then and otherwise follow arrival order.
 *
 * <p>Why it never waits forever: every primary cell the schedule asks for, and every secondary cell within it,
 * has positive probability under the model, so the proposal it waits for always arrives. Should two secondary
 * cells ever need serving at once (no single persona can), the wait is ended after {@code RELAX_AFTER}
 * proposals by taking the best proposal outside the band, and counted in {@link Stats#relaxations()}.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class QuotaRebalancer {

    /** Counters for the run manifest and the closing note. */
    public record Stats(long proposals, long accepted, long rejected, double worstPrefixDeviation,
                        long longestWait, long relaxations) {

        public double acceptanceRatio() {
            return proposals == 0 ? 0 : (double) accepted / proposals;
        }
    }

    static final long RELAX_AFTER = 2_000_000;
    /** A secondary cell due to leave the band within this many positions is served first. */
    static final double URGENT_SLACK = 16;
    /** A secondary cell due within this many positions is served at once, wherever the schedule is. */
    static final double CRITICAL_SLACK = 2;
    /** Scale of the probability of serving an urgent secondary cell at the scheduled primary cell. */
    static final double SERVE_RATE = 0.5;
    /** Positions ahead that a secondary table must remain schedulable for. */
    static final int LOOKAHEAD = 128;

    private final long seed;
    private final QuotaPlan plan;
    private final RebalancerSettings settings;
    private final List<TargetTable> tables;
    private final List<Integer> secondary = new ArrayList<>();
    private final PrimarySchedule schedule;
    private final Map<List<String>, Integer> leafIndex = new HashMap<>();
    private final List<TargetTable.CellIndex> indexes;
    private final List<ArrayDeque<Candidate>> queues = new ArrayList<>();
    private final long[][] counts;
    /** [secondary table][primary leaf][cell]: P(secondary cell | primary leaf) under the model. */
    private final double[][][] conditionalShare;
    private final boolean[] critical;
    private int scheduled = -2; // -2: not drawn yet; -1: schedule exhausted
    private long accepted;
    private long proposals;
    private long rejected;
    private long waiting;
    private long longestWait;
    private long relaxations;
    private double worstDeviation;

    private record Candidate(Persona persona, int[] cells) { }

    public QuotaRebalancer(long seed, CensusModel model, QuotaPlan plan, RebalancerSettings settings) {
        this.seed = seed;
        this.plan = plan;
        this.settings = settings;
        this.tables = plan.tables();
        List<TargetTable> primary = primaryComponent(tables);
        for (int t = 0; t < tables.size(); t++) {
            if (!primary.contains(tables.get(t))) {
                secondary.add(t);
            }
        }
        ControlledFrame frame = ControlledFrame.of(model, tables);
        this.schedule = new PrimarySchedule(frame, primary, plan);
        for (int l = 0; l < schedule.leaves.size(); l++) {
            leafIndex.put(schedule.leaves.get(l), l);
        }
        this.indexes = tables.stream().map(TargetTable::index).toList();
        for (int l = 0; l < schedule.leaves.size(); l++) {
            queues.add(new ArrayDeque<>());
        }
        this.counts = new long[tables.size()][];
        for (int t = 0; t < tables.size(); t++) {
            counts[t] = new long[tables.get(t).size()];
        }
        this.critical = new boolean[secondary.size()];
        this.conditionalShare = new double[secondary.size()][schedule.leaves.size()][];
        for (int k = 0; k < secondary.size(); k++) {
            TargetTable table = tables.get(secondary.get(k));
            List<String> vars = new ArrayList<>(schedule.variables);
            table.dimensions().forEach(d -> vars.add(d.name()));
            Map<List<String>, Double> joint = frame.marginal(vars);
            for (int l = 0; l < schedule.leaves.size(); l++) {
                double[] row = new double[table.size()];
                double sum = 0;
                for (int c = 0; c < table.size(); c++) {
                    List<String> key = new ArrayList<>(schedule.leaves.get(l));
                    key.addAll(table.cells().get(c));
                    row[c] = joint.getOrDefault(key, 0.0);
                    sum += row[c];
                }
                for (int c = 0; c < row.length; c++) {
                    row[c] = sum == 0 ? 0 : row[c] / sum;
                }
                conditionalShare[k][l] = row;
            }
        }
    }

    /**
     * The connected group of tables (linked by shared variables) with the most cells: at most two tables
     * sharing one variable, as {@link QuotaPlan} requires.
     */
    static List<TargetTable> primaryComponent(List<TargetTable> tables) {
        List<List<TargetTable>> components = new ArrayList<>();
        for (TargetTable t : tables) {
            Set<String> vars = names(t);
            List<TargetTable> joined = null;
            for (List<TargetTable> c : components) {
                if (c.stream().anyMatch(o -> !java.util.Collections.disjoint(names(o), vars))) {
                    joined = c;
                }
            }
            if (joined == null) {
                components.add(new ArrayList<>(List.of(t)));
            } else {
                joined.add(t);
            }
        }
        List<TargetTable> best = components.get(0);
        for (List<TargetTable> c : components) {
            if (c.stream().mapToInt(TargetTable::size).sum() > best.stream().mapToInt(TargetTable::size).sum()) {
                best = c;
            }
        }
        if (best.size() > 2) {
            throw new IllegalArgumentException("personas.rebalancer.controlled-tables: at most two tables may share "
                    + "variables (" + best.stream().map(TargetTable::name).toList() + ")");
        }
        return best;
    }

    private static Set<String> names(TargetTable t) {
        Set<String> out = new HashSet<>();
        for (Dimension d : t.dimensions()) {
            out.add(d.name());
        }
        return out;
    }

    /** Offers one proposal; returns the personas accepted as a result (often one, sometimes none), indexed. */
    public List<Persona> offer(Persona proposal) {
        proposals++;
        if (isComplete()) {
            rejected++;
            return List.of();
        }
        Candidate candidate = candidateOf(proposal);
        int leaf = leafOf(proposal);
        if (queues.get(leaf).size() >= settings.perCellCap()) {
            // A full queue drops its oldest proposal, not the newcomer: a queue stuck with proposals the
            // secondary tables cannot use must still let the one they need in.
            queues.get(leaf).pollFirst();
            rejected++;
        }
        queues.get(leaf).addLast(candidate);
        if (scheduled == -2) {
            scheduled = schedule.next();
        }
        List<Persona> out = new ArrayList<>(1);
        while (scheduled >= 0 && !isComplete()) {
            Candidate chosen = choose(queues.get(scheduled), waiting >= RELAX_AFTER);
            if (chosen == null) {
                break;
            }
            if (waiting >= RELAX_AFTER) {
                relaxations++;
            }
            queues.get(scheduled).remove(chosen);
            out.add(accept(chosen));
            waiting = 0;
            scheduled = isComplete() ? -1 : schedule.next();
        }
        if (out.isEmpty()) {
            longestWait = Math.max(longestWait, ++waiting);
        }
        return out;
    }

    private Candidate candidateOf(Persona p) {
        PersonaRecord row = new PersonaRecord(p, Narrative.none());
        int[] cells = new int[tables.size()];
        for (int t = 0; t < tables.size(); t++) {
            cells[t] = indexes.get(t).of(row);
            if (cells[t] < 0) {
                throw new IllegalStateException("proposal outside the cells of " + tables.get(t).name() + ": " + p);
            }
        }
        return new Candidate(p, cells);
    }

    private int leafOf(Persona p) {
        List<String> key = new ArrayList<>(schedule.variables.size());
        for (String v : schedule.variables) {
            key.add(switch (v) {
                case "region" -> p.region();
                case "residence_type" -> p.residenceType();
                case "ethnicity" -> p.ethnicity();
                case "sex" -> p.sex();
                case "age_group" -> p.ageGroup();
                default -> throw new IllegalStateException("not a frame variable: " + v);
            });
        }
        Integer leaf = leafIndex.get(key);
        if (leaf == null) {
            throw new IllegalStateException("proposal outside the primary schedule: " + key);
        }
        return leaf;
    }

    /**
     * The waiting proposal to accept for the scheduled primary cell: the earliest one that keeps every secondary
     * cell under its upper band and quota and leaves every secondary table able to keep all its cells above the
     * lower band (checked by scheduling the next {@link #LOOKAHEAD} positions earliest-deadline-first, which is
     * optimal for unit jobs with deadlines). When a secondary cell is within {@link #URGENT_SLACK} positions of
     * leaving the band, the earliest proposal that serves it goes first. Steering is thus as light as the band
     * allows, and arrival order decides otherwise.
     */
    private Candidate choose(ArrayDeque<Candidate> queue, boolean relax) {
        long next = accepted + 1;
        int[] urgent = urgentCells(next);
        for (int k = 0; k < secondary.size(); k++) {
            if (urgent[k] >= 0 && !critical[k] && !serveHere(k, urgent[k], next)) {
                urgent[k] = -1;
            }
        }
        Candidate fallback = null;
        for (Candidate c : queue) {
            if (!admissible(c, next, relax)) {
                continue;
            }
            boolean servesUrgent = true;
            for (int k = 0; k < secondary.size(); k++) {
                if (urgent[k] >= 0 && c.cells()[secondary.get(k)] != urgent[k]) {
                    servesUrgent = false;
                }
            }
            if (servesUrgent && (relax || staysFeasible(c, next))) {
                return c;
            }
            if (fallback == null && (relax || staysFeasible(c, next))) {
                fallback = c;
            }
        }
        return fallback;
    }

    private boolean admissible(Candidate c, long next, boolean relax) {
        for (int t : secondary) {
            int cell = c.cells()[t];
            double deficit = next * tables.get(t).shares()[cell] - counts[t][cell];
            if (remaining(t, cell) <= 0 || (!relax && deficit - 1 < -settings.prefixBand())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an urgent secondary cell is served at the scheduled primary cell rather than at a later one: with
     * probability proportional to how over-represented the secondary cell is in this primary cell
     * (P(cell | primary) / P(cell)), so that the extra persons a secondary table needs are taken from the
     * primary cells in proportion to where such persons are, and the association between the tables is kept.
     * The draw is a pure function of (seed, position).
     */
    private boolean serveHere(int k, int cell, long next) {
        double ratio = conditionalShare[k][scheduled][cell] / tables.get(secondary.get(k)).shares()[cell];
        double u = CounterRandom.uniform(CounterRandom.word(
                CounterRandom.key(seed ^ 0x5EC0DA17L, next), k));
        return u < SERVE_RATE * ratio;
    }

    /** For each secondary table, the cell due to leave the band within the slack, or -1. */
    private int[] urgentCells(long next) {
        int[] out = new int[secondary.size()];
        for (int k = 0; k < secondary.size(); k++) {
            int t = secondary.get(k);
            double[] shares = tables.get(t).shares();
            out[k] = -1;
            critical[k] = false;
            double earliest = next + URGENT_SLACK;
            for (int cell = 0; cell < shares.length; cell++) {
                if (shares[cell] == 0 || remaining(t, cell) <= 0) {
                    continue;
                }
                double deadline = (counts[t][cell] + settings.prefixBand()) / shares[cell];
                if (deadline < earliest) {
                    earliest = deadline;
                    out[k] = cell;
                }
            }
            critical[k] = out[k] >= 0 && earliest < next + CRITICAL_SLACK;
        }
        return out;
    }

    /** Earliest-deadline-first over the next positions, after accepting c at position {@code next}. */
    private boolean staysFeasible(Candidate c, long next) {
        double band = settings.prefixBand();
        long end = plan.count().isPresent() ? Math.min(plan.count().getAsLong(), next + LOOKAHEAD) : next + LOOKAHEAD;
        for (int t : secondary) {
            double[] shares = tables.get(t).shares();
            long[] future = counts[t].clone();
            future[c.cells()[t]]++;
            for (long prefix = next; ; prefix++) {
                for (int cell = 0; cell < shares.length; cell++) {
                    if (future[cell] < prefix * shares[cell] - band) {
                        return false;
                    }
                }
                if (prefix >= end) {
                    break;
                }
                // Serve, at position prefix + 1, the cell that would leave the band first.
                int urgent = -1;
                double earliest = Double.POSITIVE_INFINITY;
                for (int cell = 0; cell < shares.length; cell++) {
                    boolean open = plan.count().isEmpty() || future[cell] < plan.quota(t, cell);
                    double deadline = shares[cell] == 0 ? Double.POSITIVE_INFINITY : (future[cell] + band) / shares[cell];
                    if (open && deadline < earliest) {
                        earliest = deadline;
                        urgent = cell;
                    }
                }
                if (urgent >= 0) {
                    future[urgent]++;
                }
            }
        }
        return true;
    }

    private Persona accept(Candidate c) {
        for (int t = 0; t < tables.size(); t++) {
            counts[t][c.cells()[t]]++;
        }
        long index = accepted++;
        for (int t = 0; t < tables.size(); t++) {
            double[] shares = tables.get(t).shares();
            for (int cell = 0; cell < shares.length; cell++) {
                worstDeviation = Math.max(worstDeviation, Math.abs(counts[t][cell] - accepted * shares[cell]));
            }
        }
        return c.persona().withIndex(index, PersonaIds.uuid(seed, index));
    }

    private long remaining(int t, int c) {
        return plan.count().isPresent() ? plan.quota(t, c) - counts[t][c] : Long.MAX_VALUE;
    }

    public boolean isComplete() {
        return scheduled == -1 || (plan.count().isPresent() && accepted >= plan.count().getAsLong());
    }

    public long accepted() {
        return accepted;
    }

    /** Current counts of a controlled table's cells (a copy). */
    public long[] counts(int table) {
        return Arrays.copyOf(counts[table], counts[table].length);
    }

    public QuotaPlan plan() {
        return plan;
    }

    public Stats stats() {
        long waitingNow = queues.stream().mapToLong(ArrayDeque::size).sum();
        return new Stats(proposals, accepted, rejected + waitingNow, worstDeviation, longestWait, relaxations);
    }
}
