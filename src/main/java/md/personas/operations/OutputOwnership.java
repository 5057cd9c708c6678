package md.personas.operations;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import md.personas.release.ReleaseReports;
import md.personas.release.ReportSeal;
import md.personas.run.RunFailure;
import md.personas.run.RunManifest;
import md.personas.sinks.DeadLetterSink;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.ReleaseFiles;

/**
 * Which files in an output directory this program may replace or delete: only those it can prove it wrote. The
 * proof is the run manifest's {@code written_files} (path, size, and a SHA-256 for the small files), the manifest
 * itself when it reads as ours, the checkpoint files by their exact names inside {@code parts/}, and, for reports
 * kept without their manifest, the {@link ReportSeal} in the stats Markdown. Anything else
 * under a name the program needs (the card {@code README.md}, the release and stats files, {@code charts/*.svg}) is
 * foreign: the run is refused (exit 2) with the names, and nothing is touched. A symbolic link under any of those
 * names is refused too, so the program never writes or deletes through a link out of the directory.
 */
public final class OutputOwnership {

    /** Files up to this size get a content hash in the manifest; the data files above it are proved by size. */
    static final long HASHED_UP_TO = 8L << 20;

    private final Path dir;
    private final Optional<RunManifest> previous;
    private final Map<String, RunManifest.OwnedFile> listed = new TreeMap<>();
    private final boolean legacy;

    private OutputOwnership(Path dir, Optional<RunManifest> previous) {
        this.dir = dir;
        this.previous = previous;
        previous.ifPresent(m -> {
            if (m.writtenFiles() != null) {
                m.writtenFiles().forEach(f -> listed.put(f.path(), f));
            }
        });
        // A manifest of an earlier version lists no files: its release names are taken as its own.
        this.legacy = previous.isPresent() && previous.get().writtenFiles() == null;
    }

    private Map<String, String> sealed;

    /** The report files the stats Markdown's seal vouches for (read once). */
    private Map<String, String> sealed() {
        if (sealed == null) {
            sealed = ReportSeal.vouchedFor(dir);
        }
        return sealed;
    }

    /** The ownership of {@code dir}, proved by the manifest of the run there ({@code previous}, if it is ours). */
    public static OutputOwnership of(Path dir, Optional<RunManifest> previous) {
        return new OutputOwnership(dir, previous);
    }

    /** The release and report names a run of {@code label} writes at the top of the directory. */
    public static List<String> releaseNames(String label) {
        String stem = ReleaseFiles.stem(label);
        return List.of(stem + ".jsonl", stem + ".parquet", stem + ".csv", stem + "_stats.json", stem + "_stats.md",
                ReleaseReports.CARD);
    }

    /**
     * Refuses (exit 2) a directory holding symbolic links or foreign files under the names a run of {@code label}
     * needs. Reads only.
     */
    public void requireOnlyOwnFilesUnder(String label) throws IOException {
        List<String> links = new ArrayList<>();
        for (String name : List.of(PartDirectory.PARTS, PartDirectory.PARTS + "/quarantine", ReleaseReports.CHARTS,
                DeadLetterSink.FILE, RunManifest.FILE_NAME)) {
            if (Files.isSymbolicLink(dir.resolve(name))) {
                links.add(name);
            }
        }
        List<String> foreign = new ArrayList<>();
        Set<String> needed = new LinkedHashSet<>();
        for (String name : releaseNames(label)) {
            needed.add(name);
            needed.add(name + ".tmp");
        }
        needed.addAll(chartFiles());
        for (String name : needed) {
            Path file = dir.resolve(name);
            if (Files.isSymbolicLink(file)) {
                links.add(name);
            } else if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !owns(name)) {
                foreign.add(name);
            }
        }
        if (!links.isEmpty()) {
            throw RunFailure.usage(dir + " holds symbolic links where this program writes: " + String.join(", ",
                    links) + "; replace them with real directories or files (it never writes through a link), or "
                    + "choose another --out");
        }
        if (!foreign.isEmpty()) {
            throw RunFailure.usage(dir + " holds files this program did not write under names it needs: "
                    + String.join(", ", foreign) + "; move them elsewhere, or choose another --out");
        }
    }

    /**
     * The files {@code --fresh} deletes: the manifest's files that are still as written, their temporary names,
     * the checkpoint parts, the dead letters and the manifest. Anything else stays, quarantined parts included.
     */
    public List<Path> freshDeletions() throws IOException {
        List<Path> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(listed.keySet());
        if (legacy) {
            names.addAll(releaseNames(previous.get().label()));
            names.addAll(chartFiles());
        }
        for (String name : names) {
            for (String n : List.of(name, name + ".tmp")) {
                Path file = dir.resolve(n);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && owns(n)) {
                    out.add(file);
                }
            }
        }
        Path parts = dir.resolve(PartDirectory.PARTS);
        if (Files.isDirectory(parts, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(parts)) {
                for (Path f : files) {
                    if (PartDirectory.isPartFileName(f.getFileName().toString())
                            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        out.add(f);
                    }
                }
            }
        }
        if (previous.isPresent()) {
            Path deadLetters = dir.resolve(DeadLetterSink.FILE);
            if (Files.isRegularFile(deadLetters, LinkOption.NOFOLLOW_LINKS)) {
                out.add(deadLetters);
            }
            out.add(dir.resolve(RunManifest.FILE_NAME));
        }
        out.sort(null);
        return out;
    }

    /** Whether the file at {@code relative} was written by this program and is still as it wrote it. */
    public boolean owns(String relative) throws IOException {
        if (relative.endsWith(".tmp")) {
            return previous.isPresent(); // a temporary name of this program's, left by a run that stopped
        }
        RunManifest.OwnedFile f = listed.get(relative);
        if (f == null) {
            if (legacy && (releaseNames(previous.get().label()).contains(relative)
                    || relative.startsWith(ReleaseReports.CHARTS + "/"))) {
                return true;
            }
            String vouched = sealed().get(relative); // reports kept without their manifest, e.g. in a repository
            return vouched != null && vouched.equals(sha256(dir.resolve(relative)));
        }
        Path file = dir.resolve(relative);
        if (f.bytes() == null) {
            return true; // claimed before writing: a crash may have left it in any state
        }
        if (Files.size(file) != f.bytes()) {
            return false;
        }
        return f.sha256() == null || f.sha256().equals(sha256(file));
    }

    /** The entries to record for files just written ({@code relative} paths that exist now). */
    public static List<RunManifest.OwnedFile> describe(Path dir, List<String> relative) throws IOException {
        List<RunManifest.OwnedFile> out = new ArrayList<>();
        for (String name : relative) {
            Path file = dir.resolve(name);
            long size = Files.size(file);
            out.add(new RunManifest.OwnedFile(name, size, size <= HASHED_UP_TO ? sha256(file) : null));
        }
        return out;
    }

    /** The entries that claim {@code relative} names just before they are written. */
    public static List<RunManifest.OwnedFile> claim(List<String> relative) {
        return relative.stream().map(n -> new RunManifest.OwnedFile(n, null, null)).toList();
    }

    /** The SVG files in {@code charts/}, relative to the directory. */
    private List<String> chartFiles() throws IOException {
        List<String> out = new ArrayList<>();
        Path charts = dir.resolve(ReleaseReports.CHARTS);
        if (!Files.isDirectory(charts, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(charts, "*.svg")) {
            for (Path f : files) {
                out.add(ReleaseReports.CHARTS + "/" + f.getFileName());
            }
        }
        out.sort(null);
        return out;
    }

    static String sha256(Path file) throws IOException {
        return ReportSeal.sha256(file);
    }
}
