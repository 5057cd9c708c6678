package md.personas.rebalancing;

/**
 * Two-way controlled rounding: an integer matrix whose every entry is the floor or the ceiling of a fractional
 * matrix, with given integer row and column sums. The fractional matrix is first fitted to those sums (IPF);
 * rounding then keeps the floors and places the remaining units by a max-flow over the entries that have a
 * fractional part, which always succeeds because the fitted matrix is itself a fractional solution (the flow
 * polytope is integral).
 */
final class ControlledRounding {

    private ControlledRounding() {
    }

    /** IPF of a non-negative matrix to integer row and column sums with equal totals. */
    static double[][] fit(double[][] f, long[] rowSums, long[] colSums) {
        int rows = f.length;
        int cols = rows == 0 ? 0 : f[0].length;
        double[][] x = new double[rows][];
        for (int i = 0; i < rows; i++) {
            x[i] = f[i].clone();
        }
        for (int iteration = 0; iteration < 10_000; iteration++) {
            double worst = 0;
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += x[i][k];
                }
                if (s > 0) {
                    for (int k = 0; k < cols; k++) {
                        x[i][k] *= rowSums[i] / s;
                    }
                } else if (rowSums[i] > 0) {
                    throw new IllegalStateException("controlled rounding: a row needs " + rowSums[i]
                            + " persons but its cells have no probability");
                }
            }
            for (int k = 0; k < cols; k++) {
                double s = 0;
                for (int i = 0; i < rows; i++) {
                    s += x[i][k];
                }
                if (s > 0) {
                    for (int i = 0; i < rows; i++) {
                        x[i][k] *= colSums[k] / s;
                    }
                } else if (colSums[k] > 0) {
                    throw new IllegalStateException("controlled rounding: a column needs " + colSums[k]
                            + " persons but its cells have no probability");
                }
            }
            for (int i = 0; i < rows; i++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += x[i][k];
                }
                worst = Math.max(worst, Math.abs(s - rowSums[i]));
            }
            if (worst < 1e-9) {
                return x;
            }
        }
        throw new IllegalStateException("controlled rounding: the IPF of the joint to the quotas did not converge");
    }

    static long[][] round(double[][] x, long[] rowSums, long[] colSums) {
        int rows = x.length;
        int cols = colSums.length;
        long[][] out = new long[rows][cols];
        long[] rowNeed = rowSums.clone();
        long[] colNeed = colSums.clone();
        boolean[][] open = new boolean[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                // Snap values within 1e-9 of an integer, so that rounding noise does not open a cell.
                double v = Math.abs(x[i][k] - Math.rint(x[i][k])) < 1e-9 ? Math.rint(x[i][k]) : x[i][k];
                out[i][k] = (long) Math.floor(v);
                open[i][k] = v > out[i][k];
                rowNeed[i] -= out[i][k];
                colNeed[k] -= out[i][k];
            }
        }
        // Unit-capacity augmenting paths from rows with need to columns with need, over open cells.
        boolean[][] used = new boolean[rows][cols];
        for (int i = 0; i < rows; i++) {
            while (rowNeed[i] > 0) {
                boolean[] seenRow = new boolean[rows];
                boolean[] seenCol = new boolean[cols];
                if (!augment(i, open, used, colNeed, seenRow, seenCol, rowNeed)) {
                    throw new IllegalStateException("controlled rounding: no integer solution (inconsistent sums)");
                }
                rowNeed[i]--;
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                if (used[i][k]) {
                    out[i][k]++;
                }
            }
        }
        return out;
    }

    /** Finds an alternating path from row i to a column with remaining need; flips it. */
    private static boolean augment(int i, boolean[][] open, boolean[][] used, long[] colNeed, boolean[] seenRow,
                                   boolean[] seenCol, long[] rowNeed) {
        seenRow[i] = true;
        for (int k = 0; k < colNeed.length; k++) {
            if (!open[i][k] || used[i][k] || seenCol[k]) {
                continue;
            }
            seenCol[k] = true;
            if (colNeed[k] > 0) {
                used[i][k] = true;
                colNeed[k]--;
                return true;
            }
            // Column k is full: try to move one of its units to another column via the row that holds it.
            for (int r = 0; r < open.length; r++) {
                if (used[r][k] && !seenRow[r] && augment(r, open, used, colNeed, seenRow, seenCol, rowNeed)) {
                    used[r][k] = false;
                    used[i][k] = true;
                    return true;
                }
            }
        }
        return false;
    }
}
