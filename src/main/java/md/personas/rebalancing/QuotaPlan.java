package md.personas.rebalancing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import md.personas.census.Dimension;
import md.personas.census.TargetTable;

/**
 * The integer quotas of the controlled tables for a run of N personas: each table's cells are apportioned from
 * the census shares by largest remainder, and tables that share a variable are made consistent by apportioning
 * that variable's total first and each table's cells within it (so ethnicity x region and region x residence
 * imply the same integer region totals). An open-ended run has no quotas, only shares.
 */
public final class QuotaPlan {

    private final List<TargetTable> tables;
    private final long count;
    private final long[][] quotas;

    private QuotaPlan(List<TargetTable> tables, long count, long[][] quotas) {
        this.tables = List.copyOf(tables);
        this.count = count;
        this.quotas = quotas;
    }

    /** Shares only, for a run without a fixed N. */
    public static QuotaPlan openEnded(List<TargetTable> tables) {
        return new QuotaPlan(tables, -1, null);
    }

    /**
     * Quotas for exactly {@code n} personas.
     *
     * @throws IllegalArgumentException when the tables cannot be made consistent (a table sharing both of its
     *         variables with other tables, or sharing a variable with more than one other table in a cycle)
     */
    public static QuotaPlan forCount(List<TargetTable> tables, long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("count must be positive");
        }
        // Which variable of each table is shared with an earlier-apportioned table.
        Map<String, long[]> sharedTotals = new HashMap<>();
        Map<String, List<String>> sharedLabels = new HashMap<>();
        long[][] quotas = new long[tables.size()][];
        for (int t = 0; t < tables.size(); t++) {
            TargetTable table = tables.get(t);
            List<String> dims = table.dimensions().stream().map(Dimension::name).toList();
            List<Integer> sharedDims = new ArrayList<>();
            for (int d = 0; d < dims.size(); d++) {
                if (isShared(tables, t, dims.get(d))) {
                    sharedDims.add(d);
                }
            }
            if (sharedDims.size() > 1) {
                throw new IllegalArgumentException("controlled table '" + table.name() + "' shares more than one "
                        + "variable with the other controlled tables; integer quotas cannot be made consistent");
            }
            if (sharedDims.isEmpty()) {
                quotas[t] = largestRemainder(table.shares(), n);
                continue;
            }
            int d = sharedDims.get(0);
            String variable = dims.get(d);
            // The shared variable's marginal, in the order of its first appearance in this table.
            List<String> values = new ArrayList<>();
            Map<String, Double> marginal = new HashMap<>();
            for (int c = 0; c < table.size(); c++) {
                String v = table.cells().get(c).get(d);
                if (!marginal.containsKey(v)) {
                    values.add(v);
                }
                marginal.merge(v, table.shares()[c], Double::sum);
            }
            if (!sharedTotals.containsKey(variable)) {
                double[] shares = values.stream().mapToDouble(marginal::get).toArray();
                sharedTotals.put(variable, largestRemainder(shares, n));
                sharedLabels.put(variable, values);
            }
            long[] totals = sharedTotals.get(variable);
            List<String> order = sharedLabels.get(variable);
            quotas[t] = new long[table.size()];
            for (int vi = 0; vi < order.size(); vi++) {
                String v = order.get(vi);
                List<Integer> cells = new ArrayList<>();
                for (int c = 0; c < table.size(); c++) {
                    if (table.cells().get(c).get(d).equals(v)) {
                        cells.add(c);
                    }
                }
                double within = marginal.getOrDefault(v, 0.0);
                double[] conditional = new double[cells.size()];
                for (int i = 0; i < cells.size(); i++) {
                    conditional[i] = within == 0 ? 0 : table.shares()[cells.get(i)] / within;
                }
                long[] q = within == 0 ? new long[cells.size()] : largestRemainder(conditional, totals[vi]);
                for (int i = 0; i < cells.size(); i++) {
                    quotas[t][cells.get(i)] = q[i];
                }
            }
        }
        return new QuotaPlan(tables, n, quotas);
    }

    private static boolean isShared(List<TargetTable> tables, int self, String variable) {
        for (int t = 0; t < tables.size(); t++) {
            if (t != self && tables.get(t).dimensions().stream().anyMatch(d -> d.name().equals(variable))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hamilton's largest-remainder apportionment of {@code total} over shares: floors first, then one more to the
     * cells with the largest fractional parts (ties to the earlier cell, so the result is deterministic).
     */
    static long[] largestRemainder(double[] shares, long total) {
        double sum = 0;
        for (double s : shares) {
            sum += s;
        }
        long[] out = new long[shares.length];
        double[] remainder = new double[shares.length];
        long assigned = 0;
        for (int i = 0; i < shares.length; i++) {
            double exact = total * shares[i] / sum;
            out[i] = (long) Math.floor(exact);
            remainder[i] = exact - out[i];
            assigned += out[i];
        }
        Integer[] order = new Integer[shares.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        for (int k = 0; assigned < total; k++) {
            out[order[k % order.length]]++;
            assigned++;
        }
        return out;
    }

    public List<TargetTable> tables() {
        return tables;
    }

    /** The fixed N, if any. */
    public OptionalLong count() {
        return count < 0 ? OptionalLong.empty() : OptionalLong.of(count);
    }

    /** The integer quota of a cell; only for a plan with a fixed N. */
    public long quota(int table, int cell) {
        if (quotas == null) {
            throw new IllegalStateException("an open-ended plan has no quotas");
        }
        return quotas[table][cell];
    }

    public long[] quotas(int table) {
        return quotas == null ? null : quotas[table].clone();
    }
}
