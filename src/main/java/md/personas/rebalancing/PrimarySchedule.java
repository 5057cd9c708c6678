package md.personas.rebalancing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.Dimension;
import md.personas.census.TargetTable;

/**
 * The cell of the primary controlled tables (by default ethnicity x region and region x residence, which share
 * region) that each position of the accepted stream must hold: a leaf of their joint (region x residence x
 * ethnicity), chosen by one largest-deficit apportionment over all leaves at once. A leaf's urgency is the sum of
 * how far its cell in each primary table is behind n x share, plus {@link #LEAF_WEIGHT} times how far the leaf
 * itself is behind its own share; the most urgent open leaf is taken (ties to the earlier leaf). Scoring every
 * table's cell together, rather than one variable after another, is what keeps both tables inside the band when
 * their shares move (the earlier nested apportionment, region then residence then ethnicity, stacked one person
 * of error per level and left the band at 2.06 with the Roma age profile); the leaf term keeps the association
 * between the variables (Russians more urban) the model's at every prefix, not only at N. With a fixed N, the
 * leaves carry integer quotas (two-way controlled rounding of the model's joint to both tables' quotas), a leaf
 * closes on its quota and the schedule ends exactly on them. The band is measured, not proven: the rebalancer
 * tests and {@code ops/bench-rebalancer} check it over many N and seeds.
 * Deterministic: it depends on the census model and N, never on the seed.
 */
final class PrimarySchedule {

    /** Weight of a leaf's own deficit against the tables' deficits: enough to keep leaves within about two persons. */
    static final double LEAF_WEIGHT = 0.5;

    final List<String> variables;
    final List<List<String>> leaves = new ArrayList<>();
    /** Per position, the share of each primary table's cells (their census shares). */
    private final double[][] cellShare;
    private final long[][] cellCount;
    private final int[][] cellOfLeaf;
    /** Per position, each leaf's share: its quota over N, or (open-ended) the model's joint. */
    private final double[] leafShare;
    private final long[] leafQuota; // null when open-ended
    private final long[] leafCount;
    private long position;

    PrimarySchedule(ControlledFrame frame, List<TargetTable> primary, QuotaPlan plan) {
        this.variables = order(primary);
        boolean fixed = plan.count().isPresent();
        Map<List<String>, Double> joint = frame.marginal(variables);
        List<List<String>> values = new ArrayList<>();
        for (int level = 0; level < variables.size(); level++) {
            List<String> v = new ArrayList<>();
            for (List<String> key : joint.keySet()) {
                if (!v.contains(key.get(level))) {
                    v.add(key.get(level));
                }
            }
            v.sort(null);
            values.add(v);
        }
        addLeaves(List.of(), values);
        Map<List<String>, Long> quotas = fixed ? leafQuotas(frame, primary, plan, joint) : Map.of();
        leafShare = new double[leaves.size()];
        leafQuota = fixed ? new long[leaves.size()] : null;
        leafCount = new long[leaves.size()];
        for (int l = 0; l < leaves.size(); l++) {
            if (fixed) {
                leafQuota[l] = quotas.getOrDefault(leaves.get(l), 0L);
                leafShare[l] = (double) leafQuota[l] / plan.count().getAsLong();
            } else {
                leafShare[l] = joint.getOrDefault(leaves.get(l), 0.0);
            }
        }
        cellShare = new double[primary.size()][];
        cellCount = new long[primary.size()][];
        cellOfLeaf = new int[primary.size()][leaves.size()];
        for (int t = 0; t < primary.size(); t++) {
            TargetTable table = primary.get(t);
            cellShare[t] = table.shares();
            cellCount[t] = new long[table.size()];
            for (int l = 0; l < leaves.size(); l++) {
                List<String> leaf = leaves.get(l);
                cellOfLeaf[t][l] = table.cells().indexOf(
                        table.dimensions().stream().map(d -> leaf.get(variables.indexOf(d.name()))).toList());
                if (cellOfLeaf[t][l] < 0 && leafShare[l] > 0) {
                    throw new IllegalStateException("the model gives " + leaf + " persons but " + table.name()
                            + " has no cell for them");
                }
            }
        }
    }

    /** Every combination of the variables' values, in order: the leaves. */
    private void addLeaves(List<String> prefix, List<List<String>> values) {
        if (prefix.size() == values.size()) {
            leaves.add(prefix);
            return;
        }
        for (String v : values.get(prefix.size())) {
            List<String> key = new ArrayList<>(prefix);
            key.add(v);
            addLeaves(List.copyOf(key), values);
        }
    }

    /** Shared variable first, then the smaller table's other variable, then the larger table's. */
    private static List<String> order(List<TargetTable> primary) {
        List<String> out = new ArrayList<>();
        if (primary.size() == 1) {
            primary.get(0).dimensions().forEach(d -> out.add(d.name()));
            return out;
        }
        List<String> a = primary.get(0).dimensions().stream().map(Dimension::name).toList();
        List<String> b = primary.get(1).dimensions().stream().map(Dimension::name).toList();
        String shared = a.stream().filter(b::contains).findFirst().orElseThrow();
        List<String> small = primary.get(0).size() <= primary.get(1).size() ? a : b;
        List<String> large = small == a ? b : a;
        out.add(shared);
        small.stream().filter(v -> !v.equals(shared)).forEach(out::add);
        large.stream().filter(v -> !v.equals(shared)).forEach(out::add);
        return out;
    }

    /**
     * Integer leaf counts: for one table, its quotas; for two tables sharing a variable, a controlled rounding
     * of the model's joint within each value of the shared variable, with both tables' quotas as margins.
     */
    private Map<List<String>, Long> leafQuotas(ControlledFrame frame, List<TargetTable> primary, QuotaPlan plan,
                                               Map<List<String>, Double> joint) {
        long n = plan.count().getAsLong();
        Map<List<String>, Long> out = new HashMap<>();
        if (primary.size() == 1) {
            TargetTable t = primary.get(0);
            int ti = plan.tables().indexOf(t);
            for (int c = 0; c < t.size(); c++) {
                out.put(t.cells().get(c), plan.quota(ti, c));
            }
            return out;
        }
        String shared = variables.get(0);
        TargetTable rowsTable = tableWith(primary, variables.get(1));
        TargetTable colsTable = tableWith(primary, variables.get(2));
        int ri = plan.tables().indexOf(rowsTable);
        int ci = plan.tables().indexOf(colsTable);
        for (String x : distinct(rowsTable, shared)) {
            List<Integer> rows = cellsWith(rowsTable, shared, x);
            List<Integer> cols = cellsWith(colsTable, shared, x);
            long[] rowSums = rows.stream().mapToLong(c -> plan.quota(ri, c)).toArray();
            long[] colSums = cols.stream().mapToLong(c -> plan.quota(ci, c)).toArray();
            double[][] f = new double[rows.size()][cols.size()];
            for (int i = 0; i < rows.size(); i++) {
                for (int k = 0; k < cols.size(); k++) {
                    f[i][k] = n * joint.getOrDefault(List.of(x, valueOf(rowsTable, rows.get(i), variables.get(1)),
                            valueOf(colsTable, cols.get(k), variables.get(2))), 0.0);
                }
            }
            long[][] rounded = ControlledRounding.round(ControlledRounding.fit(f, rowSums, colSums), rowSums,
                    colSums);
            for (int i = 0; i < rows.size(); i++) {
                for (int k = 0; k < cols.size(); k++) {
                    out.put(List.of(x, valueOf(rowsTable, rows.get(i), variables.get(1)),
                            valueOf(colsTable, cols.get(k), variables.get(2))), rounded[i][k]);
                }
            }
        }
        return out;
    }

    private static TargetTable tableWith(List<TargetTable> tables, String variable) {
        return tables.stream().filter(t -> t.dimensions().stream().anyMatch(d -> d.name().equals(variable)))
                .findFirst().orElseThrow();
    }

    private static List<String> distinct(TargetTable t, String variable) {
        int d = dim(t, variable);
        List<String> out = new ArrayList<>();
        for (List<String> cell : t.cells()) {
            if (!out.contains(cell.get(d))) {
                out.add(cell.get(d));
            }
        }
        return out;
    }

    private static List<Integer> cellsWith(TargetTable t, String variable, String value) {
        int d = dim(t, variable);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < t.size(); c++) {
            if (t.cells().get(c).get(d).equals(value)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String valueOf(TargetTable t, int cell, String variable) {
        return t.cells().get(cell).get(dim(t, variable));
    }

    private static int dim(TargetTable t, String variable) {
        for (int d = 0; d < t.dimensions().size(); d++) {
            if (t.dimensions().get(d).name().equals(variable)) {
                return d;
            }
        }
        throw new IllegalArgumentException(t.name() + " has no variable " + variable);
    }

    /** The leaf of the next position, or -1 when a fixed-N schedule is exhausted. */
    int next() {
        int best = -1;
        double bestUrgency = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < leaves.size(); l++) {
            if (leafShare[l] == 0 || (leafQuota != null && leafCount[l] >= leafQuota[l])) {
                continue;
            }
            double urgency = LEAF_WEIGHT * ((position + 1) * leafShare[l] - leafCount[l]);
            for (int t = 0; t < cellShare.length; t++) {
                int c = cellOfLeaf[t][l];
                urgency += (position + 1) * cellShare[t][c] - cellCount[t][c];
            }
            if (urgency > bestUrgency) {
                bestUrgency = urgency;
                best = l;
            }
        }
        if (best < 0) {
            return -1;
        }
        position++;
        leafCount[best]++;
        for (int t = 0; t < cellShare.length; t++) {
            cellCount[t][cellOfLeaf[t][best]]++;
        }
        return best;
    }
}
