package md.personas.rebalancing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.Dimension;
import md.personas.census.TargetTable;

/**
 * The cell of the primary controlled tables (by default ethnicity x region and region x residence, which share
 * region) that each position of the accepted stream must hold, chosen by nested largest-deficit apportionment:
 * first the shared variable (region), then the smaller table's other variable within it (residence), then the
 * larger table's (ethnicity) within both. At every level the child furthest behind its share of its parent's
 * count is taken, which keeps each level within one person of proportional at every prefix, so both tables stay
 * within two persons; the model's own conditional shares are used at every level, so the association between
 * the variables (Russians more urban) is the model's. With a fixed N, the leaves carry integer counts (two-way
 * controlled rounding of the model's joint to both tables' quotas) and the schedule ends exactly on them.
 * Deterministic: it depends on the census model and N, never on the seed.
 */
final class PrimarySchedule {

    /** A node of the variable tree: its children's shares, counts and (fixed N) quotas. */
    private static final class Node {
        final double[] share;
        final long[] count;
        final long[] quota; // null when open-ended
        long quotaTotal;
        final Node[] children;
        final int[] leaf; // for the last level: the leaf index of each child
        long total;

        Node(int size, boolean lastLevel, boolean fixed) {
            share = new double[size];
            count = new long[size];
            quota = fixed ? new long[size] : null;
            children = lastLevel ? null : new Node[size];
            leaf = lastLevel ? new int[size] : null;
        }
    }

    final List<String> variables;
    final List<List<String>> leaves = new ArrayList<>();
    private final Node root;
    /** For two primary tables: the larger table's share and count by leaf (the leaf's cell in that table). */
    private double[] largeShareOfLeaf;
    private int[] largeCellOfLeaf;
    private long[] largeCount;
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
        Map<List<String>, Long> leafQuota = fixed ? leafQuotas(frame, primary, plan, joint) : Map.of();
        root = build(List.of(), 0, values, joint, leafQuota, fixed);
        if (variables.size() == 3) {
            // The larger table (shared variable x last variable) is also steered at the last level, so that
            // its cells, sums of leaves across the middle variable, stay inside the band too.
            Map<List<String>, Double> large = frame.marginal(List.of(variables.get(0), variables.get(2)));
            List<List<String>> largeCells = new ArrayList<>(large.keySet());
            largeShareOfLeaf = new double[leaves.size()];
            largeCellOfLeaf = new int[leaves.size()];
            largeCount = new long[largeCells.size()];
            for (int l = 0; l < leaves.size(); l++) {
                List<String> key = List.of(leaves.get(l).get(0), leaves.get(l).get(2));
                largeCellOfLeaf[l] = largeCells.indexOf(key);
                largeShareOfLeaf[l] = large.get(key);
            }
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

    private Node build(List<String> prefix, int level, List<List<String>> values, Map<List<String>, Double> joint,
                       Map<List<String>, Long> leafQuota, boolean fixed) {
        List<String> childValues = values.get(level);
        boolean last = level == variables.size() - 1;
        Node node = new Node(childValues.size(), last, fixed);
        double parentShare = 0;
        for (int i = 0; i < childValues.size(); i++) {
            List<String> key = new ArrayList<>(prefix);
            key.add(childValues.get(i));
            node.share[i] = sumWithPrefix(joint, key);
            parentShare += node.share[i];
            if (last) {
                node.leaf[i] = leaves.size();
                leaves.add(List.copyOf(key));
                if (fixed) {
                    node.quota[i] = leafQuota.getOrDefault(key, 0L);
                }
            } else {
                node.children[i] = build(key, level + 1, values, joint, leafQuota, fixed);
                if (fixed) {
                    node.quota[i] = sum(node.children[i].quota);
                }
            }
        }
        for (int i = 0; i < childValues.size(); i++) {
            node.share[i] = parentShare == 0 ? 0 : node.share[i] / parentShare;
        }
        node.quotaTotal = fixed ? sum(node.quota) : 0;
        return node;
    }

    private static double sumWithPrefix(Map<List<String>, Double> joint, List<String> prefix) {
        double s = 0;
        for (Map.Entry<List<String>, Double> e : joint.entrySet()) {
            if (e.getKey().subList(0, prefix.size()).equals(prefix)) {
                s += e.getValue();
            }
        }
        return s;
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
        Node node = root;
        while (true) {
            int best = -1;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < node.share.length; i++) {
                if (node.quota != null ? node.count[i] >= node.quota[i] : node.share[i] == 0) {
                    continue;
                }
                // Within a fixed-N schedule the target share is the child's quota over its parent's.
                double share = node.quota != null ? (double) node.quota[i] / node.quotaTotal : node.share[i];
                double deficit = (node.total + 1) * share - node.count[i];
                if (node.leaf != null && largeCount != null) {
                    int l = node.leaf[i];
                    deficit += (position + 1) * largeShareOfLeaf[l] - largeCount[largeCellOfLeaf[l]];
                }
                if (deficit > bestDeficit) {
                    bestDeficit = deficit;
                    best = i;
                }
            }
            if (best < 0) {
                return -1;
            }
            node.count[best]++;
            node.total++;
            if (node.leaf != null) {
                position++;
                if (largeCount != null) {
                    largeCount[largeCellOfLeaf[node.leaf[best]]]++;
                }
                return node.leaf[best];
            }
            node = node.children[best];
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
