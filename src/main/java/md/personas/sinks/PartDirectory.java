package md.personas.sinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import md.personas.record.Column;
import md.personas.record.Row;
import md.personas.sinks.PartFormat.PartFileName;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The checkpoint parts of an output directory, {@code DIR/parts/}, and what a resumed run needs from them.
 *
 * <p>Part k is done only when both {@code part-k.jsonl} and {@code part-k.parquet} are finished (renamed from their
 * temporary names after an fsync). Everything else that looks like a part, a {@code .tmp} file or one finished file
 * without its partner, is an {@link Orphan}: reported by {@link #scan()}, never counted as done, and deleted only by
 * an explicit {@link #removeOrphans()}. Which indices are done comes from the {@code index} column of the finished
 * Parquet parts, read alone (a few kilobytes per part), not from the narratives around it.
 */
public final class PartDirectory {

    /** The name of the parts folder inside an output directory. */
    public static final String PARTS = "parts";

    private final Path path;

    private PartDirectory(Path path) {
        this.path = path;
    }

    /** The parts folder of output directory {@code outputDirectory}; nothing is created until a part is written. */
    public static PartDirectory in(Path outputDirectory) {
        return new PartDirectory(outputDirectory.resolve(PARTS));
    }

    /** Whether {@code fileName} is the name of a part file (finished or temporary) of this program. */
    public static boolean isPartFileName(String fileName) {
        return PartFormat.parse(fileName).isPresent();
    }

    /** The parts folder itself. */
    public Path path() {
        return path;
    }

    /** Finished pairs and orphans; an absent folder holds none. Reads names only. */
    public PartScan scan() throws IOException {
        Map<Integer, Path[]> finishedFiles = new TreeMap<>();
        List<Orphan> orphans = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
            files = list.sorted().toList();
        } catch (NoSuchFileException absent) {
            return new PartScan(List.of(), List.of());
        }
        for (Path file : files) {
            Optional<PartFileName> name = PartFormat.parse(file.getFileName().toString());
            if (name.isEmpty() || !Files.isRegularFile(file)) {
                continue;
            }
            PartFileName n = name.get();
            if (!n.finished()) {
                orphans.add(new Orphan(file, n.number(), Orphan.Reason.UNFINISHED));
            } else {
                finishedFiles.computeIfAbsent(n.number(), k -> new Path[2])[n.format().ordinal()] = file;
            }
        }
        List<FinishedPart> finished = new ArrayList<>();
        for (Map.Entry<Integer, Path[]> e : finishedFiles.entrySet()) {
            Path jsonl = e.getValue()[PartFormat.JSONL.ordinal()];
            Path parquet = e.getValue()[PartFormat.PARQUET.ordinal()];
            if (jsonl != null && parquet != null) {
                finished.add(new FinishedPart(e.getKey(), jsonl, parquet));
            } else {
                orphans.add(new Orphan(jsonl != null ? jsonl : parquet, e.getKey(), Orphan.Reason.MISSING_PARTNER));
            }
        }
        orphans.sort(Comparator.comparing(Orphan::file));
        return new PartScan(finished, orphans);
    }

    /** Deletes every orphan {@link #scan()} reports, and returns them. Finished pairs and other files stay. */
    public List<Orphan> removeOrphans() throws IOException {
        List<Orphan> orphans = scan().orphans();
        for (Orphan o : orphans) {
            Files.deleteIfExists(o.file());
        }
        if (!orphans.isEmpty()) {
            FileSync.directory(path);
        }
        return orphans;
    }

    /** The number a resumed run gives its first part: after every part number in use. */
    public int nextPartNumber() throws IOException {
        return scan().nextPartNumber();
    }

    /**
     * The indices held by finished parts. Fails with {@link RecordFormatException} if an index is in two parts,
     * which in one process's run only damaged parts could cause.
     */
    public BitSet doneIndices() throws IOException {
        return indices(true);
    }

    /**
     * The indices held by finished parts, an index in two parts counted once: in a cluster run two nodes may write
     * the same range (a lost node's range finished but not yet reported is handed out again); the release keeps
     * the first part and sets the later one aside.
     */
    public BitSet writtenIndices() throws IOException {
        return indices(false);
    }

    private BitSet indices(boolean once) throws IOException {
        BitSet done = new BitSet();
        for (FinishedPart part : scan().finished()) {
            try (RowCursor cursor = RecordParquet.open(part.parquet(), EnumSet.of(Column.INDEX))) {
                for (StoredRow row = cursor.next(); row != null; row = cursor.next()) {
                    long index = row.index();
                    if (index < 0 || index > Integer.MAX_VALUE - 1) {
                        throw new RecordFormatException(part.parquet() + ": index " + index + " out of range");
                    }
                    if (once && done.get((int) index)) {
                        throw new RecordFormatException(part.parquet() + ": index " + index
                                + " is also in an earlier part");
                    }
                    done.set((int) index);
                }
            }
        }
        return done;
    }

    /**
     * Every row of the finished parts, all columns, sorted by index (a merge of the JSONL parts). The release files
     * are written from this.
     */
    public RowCursor rows() throws IOException {
        return merge(PartFormat.JSONL, EnumSet.allOf(Column.class));
    }

    /**
     * The rows of the finished parts with only {@code columns} read, sorted by index (a merge of the Parquet parts,
     * reading only those column chunks). For a resumed run to re-feed the structured columns of the done records
     * to the monitor without reading their narratives.
     */
    public RowCursor rows(Set<Column> columns) throws IOException {
        Set<Column> withIndex = EnumSet.of(Column.INDEX); // the merge orders by it
        withIndex.addAll(columns);
        return merge(PartFormat.PARQUET, withIndex);
    }

    /** {@link #rows(Set)} as a Source; the parts are read on the blocking-I/O dispatcher. */
    public Source<Row, NotUsed> rowsSource(Set<Column> columns) {
        Set<Column> projection = EnumSet.noneOf(Column.class);
        projection.addAll(columns);
        return Source.<Row, RowCursor>unfoldResource(
                () -> rows(projection),
                cursor -> Optional.ofNullable(cursor.next()),
                RowCursor::close);
    }

    PartMerge merge(PartFormat format, Set<Column> columns) throws IOException {
        List<PartMerge.Input> inputs = new ArrayList<>();
        for (FinishedPart part : scan().finished()) {
            Path file = part.file(format);
            long first = firstIndex(file, format);
            inputs.add(new PartMerge.Input() {
                @Override
                public String name() {
                    return file.toString();
                }

                @Override
                public long firstIndex() {
                    return first;
                }

                @Override
                public RowCursor open() throws IOException {
                    return format == PartFormat.JSONL ? RecordJson.open(file) : RecordParquet.open(file, columns);
                }
            });
        }
        return new PartMerge(inputs);
    }

    /** The first (smallest) index of a sorted part, read from its first row; parts are never empty. */
    private static long firstIndex(Path file, PartFormat format) throws IOException {
        try (RowCursor cursor = format == PartFormat.JSONL
                ? RecordJson.open(file)
                : RecordParquet.open(file, EnumSet.of(Column.INDEX))) {
            StoredRow first = cursor.next();
            if (first == null) {
                throw new RecordFormatException(file + " is a finished part without rows");
            }
            return first.index();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
