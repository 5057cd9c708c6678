package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import md.personas.record.Column;
import md.personas.messages.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decision which checkpoint parts are done, taken before a run streams and used for both done-ness and the
 * release: a finished pair counts only when both files read to the end and agree row by row in every column (the
 * release is written from the JSONL parts, a resume re-feeds the monitor from the Parquet parts, so the two must
 * hold the same records), its indices rise strictly inside {@code 0..count-1}, no earlier part holds them, and every uuid is the one the seed gives its index
 * (which catches a pair of another run under a valid name). Any other pair, and a finished file without its
 * partner, is moved to {@code parts/quarantine/} (never deleted), logged in one line, and its personas are written
 * again by this run: a persona is a pure function of seed and index, so nothing is lost. Unfinished {@code .tmp}
 * files hold nothing a reader could use and are deleted, as before.
 */
public final class PartAudit {

    private static final Logger LOG = LoggerFactory.getLogger(PartAudit.class);
    /** The folder, inside {@code parts/}, where damaged parts are set aside. */
    public static final String QUARANTINE = "quarantine";

    /** What the audit found: the done indices, and the files it set aside with why. */
    public record Result(BitSet done, List<String> quarantined) { }

    private PartAudit() {
    }

    /**
     * Audits every part of {@code parts} against a run of {@code count} personas whose uuids {@code uuidOf} gives,
     * quarantining what fails.
     */
    public static Result audit(PartDirectory parts, long count, LongFunction<String> uuidOf) throws IOException {
        return audit(parts, count, uuidOf, number -> true);
    }

    /**
     * As {@link #audit(PartDirectory, long, LongFunction)} over only the parts whose number {@code owned} accepts:
     * a shard audits, cleans and quarantines its own parts and never touches those another shard may be writing.
     */
    public static Result audit(PartDirectory parts, long count, LongFunction<String> uuidOf, IntPredicate owned)
            throws IOException {
        PartScan all = parts.scan();
        PartScan scan = new PartScan(all.finished().stream().filter(p -> owned.test(p.number())).toList(),
                all.orphans().stream().filter(o -> owned.test(o.partNumber())).toList());
        List<String> quarantined = new ArrayList<>();
        boolean changed = false;
        for (Orphan o : scan.orphans()) {
            if (o.reason() == Orphan.Reason.UNFINISHED) {
                Files.deleteIfExists(o.file());
                LOG.info("removed an unfinished checkpoint file: {}", o);
            } else {
                quarantined.add(quarantine(parts, o.file(), "its partner is missing"));
            }
            changed = true;
        }
        BitSet done = sound(scan.finished(), count, uuidOf, (part, problem) -> {
            quarantined.add(quarantine(parts, part.jsonl(), problem));
            quarantined.add(quarantine(parts, part.parquet(), problem));
        });
        if (changed || !quarantined.isEmpty()) {
            FileSync.directory(parts.path());
        }
        return new Result(done, List.copyOf(quarantined));
    }

    /**
     * The same checks as {@link #audit}, read-only: what is wrong (unfinished or unpaired files, damaged or
     * duplicated parts) is reported, one line each, and nothing is moved or deleted. For {@code release}, which must
     * leave a directory it refuses exactly as it found it.
     */
    public static Result inspect(PartDirectory parts, long count, LongFunction<String> uuidOf) throws IOException {
        PartScan scan = parts.scan();
        List<String> problems = new ArrayList<>();
        for (Orphan o : scan.orphans()) {
            problems.add(parts.path().relativize(o.file()) + ": " + (o.reason() == Orphan.Reason.UNFINISHED
                    ? "an unfinished part (its run is still writing it, or stopped)" : "its partner is missing"));
        }
        BitSet done = sound(scan.finished(), count, uuidOf,
                (part, problem) -> problems.add(parts.path().relativize(part.parquet()) + ": " + problem));
        return new Result(done, List.copyOf(problems));
    }

    /** What to do with a finished pair that fails its check. */
    private interface Unsound {
        void found(FinishedPart part, String problem) throws IOException;
    }

    /** The indices of the sound pairs among {@code finished}; each unsound pair goes to {@code unsound}. */
    private static BitSet sound(List<FinishedPart> finished, long count, LongFunction<String> uuidOf,
                                Unsound unsound) throws IOException {
        BitSet done = new BitSet();
        for (FinishedPart part : finished) {
            BitSet mine = new BitSet();
            String problem = check(part, count, uuidOf, done, mine);
            if (problem == null) {
                done.or(mine);
            } else {
                unsound.found(part, problem);
            }
        }
        return done;
    }

    /**
     * Null when the pair is sound (its indices then in {@code mine}); else what is wrong, in a few words. Both files
     * are read whole and compared column by column: a valid JSON line whose sex or narrative was edited is a
     * disagreement like a missing row. A resume pays for this read; a fresh run has no parts to audit.
     */
    private static String check(FinishedPart part, long count, LongFunction<String> uuidOf, BitSet earlier,
                                BitSet mine) {
        try (RowCursor jsonl = RecordJson.open(part.jsonl());
             RowCursor parquet = RecordParquet.open(part.parquet(), EnumSet.allOf(Column.class))) {
            long rows = 0;
            long last = -1;
            while (true) {
                StoredRow a = jsonl.next();
                StoredRow b = parquet.next();
                if (a == null || b == null) {
                    if (a != b) {
                        return "the JSONL file has " + (a == null ? rows : "more than " + rows) + " rows, the "
                                + "Parquet file " + (b == null ? rows : "more than " + rows);
                    }
                    return rows == 0 ? "it holds no rows" : null;
                }
                rows++;
                String differing = firstDifference(a, b);
                if (differing != null) {
                    return "row " + rows + " differs between its JSONL and Parquet files (" + differing + ")";
                }
                long index = a.index();
                if (index < 0 || index >= count) {
                    return "index " + index + " is outside 0.." + (count - 1);
                }
                if (index <= last) {
                    return "index " + index + " follows " + last + " (not sorted)";
                }
                if (earlier.get((int) index)) {
                    return "index " + index + " is also in an earlier part";
                }
                if (!uuidOf.apply(index).equals(a.string(Column.UUID))) {
                    return "the uuid of index " + index + " is not this run's (a part of another run?)";
                }
                mine.set((int) index);
                last = index;
            }
        } catch (IOException | RuntimeException e) {
            return "it cannot be read (" + OneLine.of(String.valueOf(e.getMessage())) + ")";
        }
    }

    /** The name of the first column in which the two rows differ, or null when they are equal. */
    private static String firstDifference(StoredRow a, StoredRow b) {
        if (a.equals(b)) {
            return null;
        }
        for (Column c : Column.values()) {
            if (!java.util.Objects.equals(a.get(c), b.get(c))) {
                return c.columnName();
            }
        }
        return null;
    }

    /** Moves {@code file} into {@code parts/quarantine/} under a name no earlier file there has. */
    private static String quarantine(PartDirectory parts, Path file, String why) throws IOException {
        Path folder = Files.createDirectories(parts.path().resolve(QUARANTINE));
        Path target = folder.resolve(file.getFileName());
        for (int i = 1; Files.exists(target); i++) {
            target = folder.resolve(file.getFileName() + "." + i);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        FileSync.directory(folder);
        LOG.warn("quarantined {} ({}): moved to {}; its personas are written again", file.getFileName(), why,
                target);
        return parts.path().relativize(target) + ": " + why;
    }
}
