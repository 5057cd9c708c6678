package md.personas.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.run.CommandLine;
import md.personas.run.ExitCode;
import md.personas.operations.GenerateCommand;
import md.personas.run.OutputDirectory;
import md.personas.run.OutputLock;
import md.personas.run.RunFailure;
import md.personas.run.RunIdentity;
import md.personas.run.RunManifest;
import md.personas.operations.Settings;
import md.personas.operations.SettingsLoader;
import md.personas.sampling.PersonaIds;
import md.personas.sinks.PartAudit;
import md.personas.sinks.PartDirectory;
import md.personas.scaleout.ShardDirectory;
import md.personas.scaleout.ShardPlan;
import md.personas.scaleout.ShardSpec;

/**
 * {@code release DIR [--config FILE]}: writes the release files, stats and card of a run whose parts were written
 * by shards (or by any run), once every part is there. Every check is read-only and comes first: every shard of N
 * has a manifest, all of one run (seed, count, configuration) and all complete; the configuration given now is
 * theirs; no run is alive in the directory; every part is finished, paired and sound; every index 0..N-1 is in
 * exactly one part. A failed check is one line and exit 2, and nothing in the directory changes. Then the shards'
 * manifests are merged into {@code run.json} and the release is written by generate's own release phase, so a
 * sharded run's release is the same code, and the same bytes, as an unsharded one's.
 */
public final class ReleaseCommand {

    /** Internal flag of generate: release what the parts hold, and never narrate (never given by a user). */
    public static final String RELEASE_ONLY = "--release-only";

    private ReleaseCommand() {
    }

    public static ExitCode run(CommandLine line) throws Exception {
        Path dir = Path.of(line.positional().get(0));
        OutputDirectory out = OutputDirectory.check(dir);
        if (!out.exists()) {
            throw RunFailure.usage("release: " + dir + " does not exist; pass the output directory of a run");
        }
        Path path = out.path();
        OutputLock.requireNotHeld(path, OutputLock.WHOLE_DIRECTORY); // a plain run, shards or cluster nodes alive
        Map<ShardSpec, RunManifest> shards = ShardDirectory.manifests(path);
        if (shards.isEmpty() && !clusterNodes(path).isEmpty()) {
            return releaseCluster(path, line);
        }
        RunManifest run = shards.isEmpty() ? unshardedRun(path) : mergedShards(path, shards);
        Settings settings = SettingsLoader.load(generateLine(line, path, run));
        RunIdentity identity = RunIdentity.of(settings.seed(), settings.count(), settings.identity(),
                RunManifest.referenceSha256(settings.censusSource()));
        String difference = new RunIdentity(run.seed(), run.count(), run.configurationSha256(), "")
                .differenceFrom(identity);
        if (!difference.isEmpty()) {
            throw RunFailure.usage("release: " + path + " holds a run with " + difference + "; pass the --config "
                    + "the run was generated with");
        }
        ShardPlan plan = shards.isEmpty() ? new ShardPlan(0, settings.checkpointEvery()) : ShardPlan.read(path);
        requireEveryPart(path, run, plan.shards(), plan.checkpointEvery());
        if (!shards.isEmpty() && !Files.exists(path.resolve(RunManifest.FILE_NAME))) {
            try (OutputLock lock = OutputLock.acquire(path, OutputLock.WHOLE_DIRECTORY)) {
                run.writeTo(path); // the run the shards made together: what generate resumes and releases
            }
        }
        return GenerateCommand.run(generateLine(line, path, run));
    }

    /**
     * The release of a cluster run, by the node the coordinator chose (or by {@code release DIR}), once no other
     * process holds the directory: the nodes' manifests merged into {@code run.json} (unless an earlier attempt
     * left it), then generate's release phase, which first sets aside what lost nodes left half written, refuses
     * (exit 1) if any persona is in no part, and writes nothing if the release is already complete.
     */
    public static ExitCode releaseCluster(Path dir, CommandLine line) throws Exception {
        List<RunManifest> nodes = clusterNodes(dir);
        if (nodes.isEmpty()) {
            throw RunFailure.usage("release: " + dir + " holds no cluster node manifest (run.node-N.json)");
        }
        // Whole counts first: a complete node's, then one that replayed the stream (a node that started with nothing
        // left to narrate never did).
        nodes.sort(java.util.Comparator.<RunManifest, Boolean>comparing(m -> m.status() != RunManifest.Status.COMPLETE)
                .thenComparing(m -> m.counts().proposals() == 0));
        RunManifest run = merged(nodes);
        if (!Files.exists(dir.resolve(RunManifest.FILE_NAME))) {
            try (OutputLock lock = OutputLock.acquire(dir, OutputLock.WHOLE_DIRECTORY)) {
                run.writeTo(dir);
            }
        }
        return GenerateCommand.run(generateLine(line, dir, run));
    }

    /** The manifests of the cluster nodes that ever wrote into {@code dir} ({@code run.node-N.json}). */
    static List<RunManifest> clusterNodes(Path dir) throws IOException {
        List<RunManifest> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (f.getFileName().toString().matches("run\\.node-\\d+\\.json")) {
                    try {
                        out.add(RunManifest.readFile(f));
                    } catch (IOException | RuntimeException e) {
                        throw RunFailure.usage("release: " + f + " cannot be read as a node manifest of this "
                                + "program; move it away");
                    }
                }
            }
        }
        return out;
    }

    /** The generate command line that releases the run: its seed, count and narratives, and the user's config. */
    private static CommandLine generateLine(CommandLine line, Path dir, RunManifest run) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--count", Long.toString(run.count()));
        flags.put("--seed", Long.toString(run.seed()));
        flags.put("--out", dir.toString());
        flags.put("--narratives", run.narratives().mode());
        if (line.has("--config")) {
            flags.put("--config", line.flag("--config"));
        }
        flags.put("--resume", "true");
        flags.put(RELEASE_ONLY, "true");
        return new CommandLine("generate", flags, List.of());
    }

    private static RunManifest unshardedRun(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunManifest.FILE_NAME))) {
            throw RunFailure.usage("release: " + dir + " holds no run (neither run.json nor run.shard-K-of-N.json); "
                    + "pass the output directory of a run");
        }
        try {
            return RunManifest.readFrom(dir);
        } catch (IOException | RuntimeException e) {
            throw RunFailure.usage("release: " + dir.resolve(RunManifest.FILE_NAME) + " cannot be read ("
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + "); move it away");
        }
    }

    /**
     * Checks that the shards are all there, of one run, and complete, and merges their manifests: the counts and
     * rebalancer statistics of any shard (each replays the whole sample and rebalance, so they agree), the dead
     * letters and LLM usage summed, and the generate phase from the first shard's start to the last one's end.
     */
    static RunManifest mergedShards(Path dir, Map<ShardSpec, RunManifest> shards) {
        int n = shards.keySet().iterator().next().count();
        for (ShardSpec s : shards.keySet()) {
            if (s.count() != n) {
                throw RunFailure.usage("release: " + dir + " holds shards of " + n + " and of " + s.count()
                        + " (" + s.manifestFileName() + "); move away the manifests and parts of the run that is not "
                        + "this one");
            }
        }
        List<ShardSpec> missing = ShardDirectory.missing(shards, n);
        if (!missing.isEmpty()) {
            throw RunFailure.usage("release: shard " + missing.get(0).label() + " has not run in " + dir + " (no "
                    + missing.get(0).manifestFileName() + (missing.size() > 1 ? ", and " + (missing.size() - 1)
                    + " more shards" : "") + "); run generate --shard " + missing.get(0).label() + " --out " + dir);
        }
        RunManifest first = shards.get(new ShardSpec(0, n));
        RunIdentity identity = new RunIdentity(first.seed(), first.count(), first.configurationSha256(), "");
        for (Map.Entry<ShardSpec, RunManifest> e : shards.entrySet()) {
            RunManifest m = e.getValue();
            String difference = identity.differenceFrom(new RunIdentity(m.seed(), m.count(),
                    m.configurationSha256(), ""));
            if (!difference.isEmpty()) {
                throw RunFailure.usage("release: shard " + e.getKey().label() + " is of another run than shard 0/"
                        + n + " (shard 0 has " + difference + "); run every shard with the same seed, count and "
                        + "configuration");
            }
            if (m.status() != RunManifest.Status.COMPLETE) {
                throw RunFailure.usage("release: shard " + e.getKey().label() + " is " + m.status().label()
                        + (m.endReason() == null ? "" : " (" + m.endReason() + ")") + "; run generate --shard "
                        + e.getKey().label() + " --resume --out " + dir + " to complete it");
            }
        }
        return merged(new ArrayList<>(shards.values()));
    }

    /**
     * One manifest for the run several processes made: the first one's identity, counts and rebalancer statistics
     * (each process replays the whole sample and rebalance, so they agree), dead letters and LLM usage summed, and
     * the generate phase from the first start to the last end.
     */
    static RunManifest merged(List<RunManifest> parts) {
        RunManifest first = parts.get(0);
        long deadLetters = 0;
        RunManifest.Usage usage = RunManifest.Usage.none();
        Instant start = null;
        Instant end = null;
        for (RunManifest m : parts) {
            deadLetters += m.counts().deadLetters();
            usage = usage.plus(m.usage().tokensIn(), m.usage().tokensOut(), m.usage().costUsd());
            for (RunManifest.Phase p : m.timings()) {
                if (p.name().equals("generate") && p.start() != null && p.end() != null) {
                    Instant s = Instant.parse(p.start());
                    Instant t = Instant.parse(p.end());
                    start = start == null || s.isBefore(start) ? s : start;
                    end = end == null || t.isAfter(end) ? t : end;
                }
            }
        }
        List<RunManifest.Phase> timings = new ArrayList<>();
        if (start != null) {
            timings.add(new RunManifest.Phase("generate", start.toString(), end.toString(),
                    Duration.between(start, end).toMillis() / 1000.0));
        }
        return new RunManifest(first.seed(), first.count(), first.label(), first.configurationSha256(),
                first.softwareVersion(), first.census(), first.narratives(),
                new RunManifest.Counts(first.counts().proposals(), first.counts().accepted(),
                        first.count(), deadLetters), first.rebalancer(), timings, usage, List.of(),
                RunManifest.Status.RUNNING, null, null, List.of());
    }

    /** Every part finished, paired and sound, every index in exactly one of them; else exit 2 naming the gap. */
    private static void requireEveryPart(Path dir, RunManifest run, int shards, int checkpointEvery)
            throws IOException {
        PartAudit.Result parts = PartAudit.inspect(PartDirectory.in(dir), run.count(),
                index -> PersonaIds.uuid(run.seed(), index));
        if (!parts.quarantined().isEmpty()) {
            throw RunFailure.usage("release: " + PartDirectory.PARTS + "/" + parts.quarantined().get(0)
                    + (parts.quarantined().size() > 1 ? " (and " + (parts.quarantined().size() - 1) + " more)" : "")
                    + "; let the run that writes it finish, or run it again with --resume (it sets damaged parts "
                    + "aside and writes their personas again)");
        }
        BitSet done = parts.done();
        long missing = run.count() - done.cardinality();
        if (missing > 0) {
            int first = done.nextClearBit(0);
            String owner = shards > 0 ? " (checkpoint range " + first / checkpointEvery + ", shard "
                    + ShardSpec.shardOf(first, checkpointEvery, shards) + "/" + shards + ")" : "";
            throw RunFailure.usage("release: " + missing + " of " + run.count() + " personas are in no part, the first "
                    + "index " + first + owner + "; run " + (shards > 0 ? "that shard" : "generate") + " with --resume");
        }
    }
}
