package md.personas.operations;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import md.personas.sinks.DeadLetterSink;
import md.personas.sinks.PartDirectory;

/**
 * The output directory of a run (DESIGN §5) and the decision what to do with what it holds: start, resume the
 * same run, or refuse a directory of another seed, count or configuration unless a fresh start is asked for
 * explicitly. Nothing is created or deleted before every check has passed.
 */
public final class OutputDirectory {

    /** What generate will do in the directory. */
    public enum Plan { START, RESUME }

    private final Path path;

    private OutputDirectory(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Checks the directory can be written, without creating anything. */
    public static OutputDirectory check(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw RunFailure.usage("output directory " + path + " is a file; pass a directory to --out");
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw RunFailure.usage("output directory " + path + " cannot be written (" + existing
                    + " is not a writable directory); choose another --out or fix its permissions");
        }
        return new OutputDirectory(absolute);
    }

    /**
     * Decides between a new run and resuming: a directory with a run of the same identity is resumed; one of
     * another identity, or with parts but no run record, is refused unless {@code fresh}.
     */
    public Plan decide(RunIdentity identity, boolean fresh) throws IOException {
        RunIdentity previous = RunIdentity.read(path).orElse(null);
        boolean hasParts = Files.isDirectory(path.resolve(PartDirectory.PARTS))
                && hasEntries(path.resolve(PartDirectory.PARTS));
        if (fresh) {
            return Plan.START;
        }
        if (previous == null) {
            if (hasParts) {
                throw RunFailure.usage(path + " holds checkpoint parts but no run.json, so it cannot be resumed "
                        + "safely; use another --out, or pass --fresh to delete them and start again");
            }
            return Plan.START;
        }
        String difference = previous.differenceFrom(identity);
        if (!difference.isEmpty()) {
            throw RunFailure.usage(path + " holds a run with " + difference + "; use another --out, or pass "
                    + "--fresh to delete that run's files and start again");
        }
        return Plan.RESUME;
    }

    /** Creates the directory (after every check has passed). */
    public void create() throws IOException {
        Files.createDirectories(path);
    }

    /**
     * The files a run of this project writes here: parts, release files, stats, charts, the dataset card, the
     * manifest and the dead letters. Only these are deleted by {@code --fresh}; anything else stays.
     */
    public List<Path> runFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(path)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.equals(PartDirectory.PARTS) || name.equals("charts") || name.equals(RunManifest.FILE_NAME)
                        || name.equals(DeadLetterSink.FILE) || name.equals("README.md")
                        || name.startsWith("moldova_personas_")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Deletes this project's files in the directory ({@code --fresh} only). */
    public void deleteRunFiles() throws IOException {
        for (Path p : runFiles()) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> tree = Files.walk(p)) {
                    for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            } else {
                Files.delete(p);
            }
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
