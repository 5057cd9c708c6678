package md.personas.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import md.personas.messages.OneLine;
import md.personas.run.RunFailure;
import md.personas.run.RunManifest;
import md.personas.sinks.PartDirectory;

/**
 * The output directory of a run (README, "Output directory") and the decision what to do with what it holds: start, resume the
 * same run, or refuse a directory of another seed, count or configuration unless a fresh start is asked for
 * explicitly. Nothing is created or deleted before every check has passed; what the program may replace or delete
 * there is decided by {@code OutputOwnership} (operations).
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

    /**
     * Checks the directory can be written, without creating anything. Refuses an empty path (it would mean the
     * working directory, e.g. a repository whose README the card would replace), a filesystem root, the home
     * directory itself, and a symbolic link that leads nowhere.
     */
    public static OutputDirectory check(Path path) {
        if (path.toString().isBlank()) {
            throw RunFailure.usage("the output directory is empty (it would mean the current directory); pass a "
                    + "directory of its own to --out, e.g. --out output_100k");
        }
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            throw RunFailure.usage("output directory " + path + " is a symbolic link to a path that does not exist; "
                    + "create its target or pass another --out");
        }
        Path real = absolute;
        try {
            if (Files.exists(absolute)) {
                real = absolute.toRealPath();
            }
        } catch (IOException e) {
            throw RunFailure.usage("output directory " + path + " cannot be resolved (" + e.getMessage()
                    + "); pass another --out");
        }
        Path home = Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
        if (real.getParent() == null || absolute.getParent() == null || real.equals(home) || absolute.equals(home)) {
            throw RunFailure.usage("output directory " + path + " is " + (real.getParent() == null
                    || absolute.getParent() == null ? "a filesystem root" : "your home directory")
                    + "; pass a directory of its own to --out, e.g. --out output_100k");
        }
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

    /** Whether the directory exists already. */
    public boolean exists() {
        return Files.isDirectory(path);
    }

    /**
     * The manifest of the run in the directory, if there is one. A {@code run.json} that cannot be read as this
     * program's manifest is someone else's file: refused (exit 2), {@code --fresh} or not.
     */
    public Optional<RunManifest> previousManifest() {
        Path file = path.resolve(RunManifest.FILE_NAME);
        if (Files.isSymbolicLink(file)) {
            throw RunFailure.usage(file + " is a symbolic link, not a manifest this program wrote; move it away or "
                    + "choose another --out");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            RunManifest m = RunManifest.readFrom(path);
            if (m.configurationSha256() == null || m.label() == null) {
                throw new IOException("no configuration_sha256");
            }
            return Optional.of(m);
        } catch (IOException | RuntimeException e) {
            throw RunFailure.usage(file + " was not written by this program (it cannot be read as its manifest: "
                    + OneLine.of(e.getMessage()) + "); move it away or choose another --out");
        }
    }

    /**
     * Decides between a new run and resuming: a directory with a run of the same identity is resumed; one of
     * another identity, or with parts but no run record, is refused unless {@code fresh}.
     */
    public Plan decide(Optional<RunManifest> previousRun, RunIdentity identity, boolean fresh) throws IOException {
        RunIdentity previous = previousRun.map(m -> new RunIdentity(m.seed(), m.count(), m.configurationSha256(),
                "")).orElse(null);
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

    private static boolean hasEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
