package md.personas.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import md.personas.run.OutputDirectory;
import md.personas.run.RunFailure;
import md.personas.run.RunIdentity;
import md.personas.run.RunManifest;
import md.personas.sinks.PartDirectory;

/**
 * The shard manifests of an output directory ({@code run.shard-K-of-N.json}) and the read-only checks a shard makes
 * before it starts: every shard there belongs to the same run (seed, count, configuration) and the same N, and the
 * directory holds no unsharded run whose parts a shard would duplicate.
 */
public final class ShardDirectory {

    private ShardDirectory() {
    }

    /** Every shard manifest in {@code dir}, by shard; unreadable ones are refused (exit 2). */
    public static Map<ShardSpec, RunManifest> manifests(Path dir) throws IOException {
        Map<ShardSpec, RunManifest> out = new TreeMap<>((a, b) -> a.count() != b.count()
                ? Integer.compare(a.count(), b.count()) : Integer.compare(a.index(), b.index()));
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            ShardSpec spec = ShardSpec.fromManifestName(f.getFileName().toString());
            if (spec == null) {
                continue;
            }
            if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw RunFailure.usage(f + " is not a regular file; move it away");
            }
            try {
                out.put(spec, RunManifest.readFile(f));
            } catch (IOException | RuntimeException e) {
                throw RunFailure.usage(f + " cannot be read as a shard manifest of this program ("
                        + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + "); move it away");
            }
        }
        return out;
    }

    /**
     * Decides, read-only, whether {@code shard} starts or resumes in {@code dir}, refusing (exit 2) shards of
     * another N or another run, and an unsharded run's parts.
     */
    public static OutputDirectory.Plan inspect(Path dir, ShardSpec shard, RunIdentity identity) throws IOException {
        Map<ShardSpec, RunManifest> shards = manifests(dir);
        for (Map.Entry<ShardSpec, RunManifest> e : shards.entrySet()) {
            if (e.getKey().count() != shard.count()) {
                throw RunFailure.usage(dir + " holds shards of a run cut in " + e.getKey().count() + " ("
                        + e.getKey().manifestFileName() + "), not " + shard.count() + "; run --shard K/"
                        + e.getKey().count() + ", or use another --out");
            }
            RunManifest m = e.getValue();
            String difference = new RunIdentity(m.seed(), m.count(), m.configurationSha256(), "")
                    .differenceFrom(identity);
            if (!difference.isEmpty()) {
                throw RunFailure.usage(dir + " holds shard " + e.getKey().label() + " of a run with " + difference
                        + "; run every shard with the same seed, count and configuration, or use another --out");
            }
        }
        boolean plainRun = Files.isRegularFile(dir.resolve(RunManifest.FILE_NAME));
        boolean hasParts = Files.isDirectory(dir.resolve(PartDirectory.PARTS)) && hasEntries(dir.resolve(
                PartDirectory.PARTS));
        if (shards.isEmpty() && (plainRun || hasParts)) {
            throw RunFailure.usage(dir + " holds " + (plainRun ? "an unsharded run (run.json)" : "checkpoint parts "
                    + "of no shard") + "; continue it without --shard, or give the shards a directory of their own");
        }
        return shards.containsKey(shard) ? OutputDirectory.Plan.RESUME : OutputDirectory.Plan.START;
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    /** The shards of N that have no manifest in the directory yet. */
    public static List<ShardSpec> missing(Map<ShardSpec, RunManifest> shards, int n) {
        List<ShardSpec> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (!shards.containsKey(new ShardSpec(k, n))) {
                out.add(new ShardSpec(k, n));
            }
        }
        return out;
    }
}
