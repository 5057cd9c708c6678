package md.personas.sinks;

/** The {@code <label>} of release file names (README, "Output directory"): 100k for 100000, 1m for 1000000, 500 for 500. */
public final class DatasetLabel {

    private DatasetLabel() {
    }

    /** Whole millions as {@code m}, else whole thousands as {@code k}, else the number itself. */
    public static String of(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a dataset cannot hold " + count + " records");
        }
        if (count > 0 && count % 1_000_000 == 0) {
            return count / 1_000_000 + "m";
        }
        if (count > 0 && count % 1_000 == 0) {
            return count / 1_000 + "k";
        }
        return Long.toString(count);
    }
}
