package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import md.personas.record.Column;

/**
 * Whether the three data files of a release, JSONL, Parquet and CSV, hold the same records row by row: the same
 * number of rows, {@code index} exactly 0..N-1 in order, and equal values in every compared column (a CSV cell
 * compared as the text the CSV writer gives the value). The files are compared in lockstep, one row of each at a
 * time, each decoded a few hundred rows ahead on its own thread ({@link ReadAhead}), so memory does not grow with N.
 *
 * <p>The release writer checks its temporary files with it before they replace the previous release, and
 * {@code validate} checks a release with it; both compare every column.
 */
public final class ReleaseAgreement {

    private static final int EXAMPLES = 3;

    /**
     * @param rows rows read from the Parquet file
     * @param disagreements rows (or row positions) where the files disagree, or the index is not the row's position
     * @param examples up to three of them, in words
     */
    public record Result(long rows, long disagreements, List<String> examples) {

        public boolean agrees() {
            return disagreements == 0;
        }
    }

    /** Thrown when {@code stop} asked the check to stop (a signal during the release). */
    public static final class Stopped extends IOException {
        public Stopped() {
            super("stopped by a signal");
        }
    }

    private ReleaseAgreement() {
    }

    /** Compares every column of the three files. */
    public static Result check(Path jsonl, Path parquet, Path csv) throws IOException {
        return check(jsonl, parquet, csv, EnumSet.allOf(Column.class), () -> false);
    }

    /**
     * Compares {@code columns} (the index always) of the three files, row by row; {@code stop} is asked every
     * thousand rows.
     */
    public static Result check(Path jsonl, Path parquet, Path csv, Set<Column> columns, BooleanSupplier stop)
            throws IOException {
        Set<Column> compared = EnumSet.of(Column.INDEX);
        compared.addAll(columns);
        long rows = 0;
        long disagreements = 0;
        List<String> examples = new ArrayList<>();
        // Each file is decoded ahead on its own thread (ReadAhead): the comparison below is unchanged, but the
        // three decoders share the cores instead of taking turns.
        try (ReadAhead<StoredRow> p = ReadAhead.of("check-parquet", RecordParquet.open(parquet, compared));
             ReadAhead<StoredRow> j = ReadAhead.of("check-jsonl", RecordJson.open(jsonl));
             ReadAhead<String[]> c = ReadAhead.of("check-csv", RecordCsv.open(csv))) {
            while (true) {
                StoredRow pr = p.next();
                StoredRow jr = j.next();
                String[] cr = c.next();
                if (pr == null || jr == null || cr == null) {
                    if (pr != null || jr != null || cr != null) {
                        disagreements++;
                        examples.add(String.format(java.util.Locale.ROOT, "the files end at different rows: after %,d rows %s still "
                                + "hold more", rows, String.join(" and ", remaining(pr, jr, cr))));
                    }
                    break;
                }
                String problem = compare(rows, pr, jr, cr, compared);
                if (problem != null) {
                    disagreements++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(problem);
                    }
                }
                rows++;
                if (rows % 1000 == 0 && stop.getAsBoolean()) {
                    throw new Stopped();
                }
            }
        }
        return new Result(rows, disagreements, List.copyOf(examples));
    }

    private static String compare(long position, StoredRow parquet, StoredRow jsonl, String[] csv,
                                  Set<Column> columns) {
        Object index = parquet.get(Column.INDEX);
        if (!(index instanceof Number n) || n.longValue() != position) {
            return "row " + position + " has index " + index + " in the Parquet file (expected " + position + ")";
        }
        for (Column c : columns) {
            Object value = parquet.get(c);
            if (!value.equals(jsonl.get(c))) {
                return "index " + position + ": " + c.columnName() + " differs between Parquet and JSONL";
            }
            if (!RecordCsv.cellText(c, value).equals(csv[c.ordinal()])) {
                return "index " + position + ": " + c.columnName() + " differs between Parquet and CSV";
            }
        }
        return null;
    }

    private static List<String> remaining(Object parquet, Object jsonl, Object csv) {
        List<String> out = new ArrayList<>();
        if (parquet != null) {
            out.add("Parquet");
        }
        if (jsonl != null) {
            out.add("JSONL");
        }
        if (csv != null) {
            out.add("CSV");
        }
        return out;
    }
}
