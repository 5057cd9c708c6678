package md.personas.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import md.personas.census.ReferenceSource;
import md.personas.monitoring.MonitorVerdict;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.sinks.AtomicFile;
import md.personas.sinks.DatasetLabel;

/**
 * The run manifest, {@code DIR/run.json}: what was run (seed, count, configuration hash, software and census
 * reference versions, narrative mode), how far it got (counts, rebalancer, monitor verdicts, status and exit code)
 * and what it cost (timings, tokens, US dollars); why it ended ({@code end_reason}) and the files it wrote in the
 * output directory ({@code written_files}), the proof that lets a later run replace or delete them. The pipeline builds it incrementally with the {@code withX}
 * methods and writes it at the start, at checkpoints and at the end; each write replaces the file atomically.
 *
 * <p>Timings are the one place where wall-clock time belongs: nothing here flows into a record. The manifest never
 * holds a secret: its inputs are a hash of the configuration, names and numbers, never an API key or its value.
 * The JSON is pretty-printed with keys in declaration order and '\n' line ends, so equal manifests are equal bytes.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunManifest(
        long seed,
        long count,
        String label,
        String configurationSha256,
        String softwareVersion,
        Census census,
        Narratives narratives,
        Counts counts,
        Rebalancer rebalancer,
        List<Phase> timings,
        Usage usage,
        List<MonitorVerdict> monitorVerdicts,
        Status status,
        Integer exitCode,
        String endReason,
        List<OwnedFile> writtenFiles) {

    /** The file name inside the output directory. */
    public static final String FILE_NAME = "run.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    public RunManifest {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(census, "census");
        Objects.requireNonNull(narratives, "narratives");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(rebalancer, "rebalancer");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(status, "status");
        timings = List.copyOf(timings);
        writtenFiles = writtenFiles == null ? null : List.copyOf(writtenFiles); // null: an earlier version's
        monitorVerdicts = List.copyOf(monitorVerdicts);
    }

    /** How the run ended, or that it is still running. */
    public enum Status {
        RUNNING, COMPLETE, INCOMPLETE, ABORTED, INTERRUPTED;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Status fromLabel(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The census reference: {@code CensusModel#referenceId()} and a SHA-256 of the reference files' bytes. */
    public record Census(String referenceId, String referenceSha256) { }

    /**
     * How narratives were written.
     *
     * @param mode offline, llm or none
     * @param model the LLM model, or the offline writer's name, or "none"
     * @param promptVersion the prompt (or template) version, empty when there are no narratives
     */
    public record Narratives(String mode, String model, String promptVersion) { }

    /**
     * @param proposals personas sampled and offered to the rebalancer
     * @param accepted personas the rebalancer accepted
     * @param written records finished in checkpoint parts
     * @param deadLetters records whose narrative failed after every attempt (never released)
     */
    @JsonIgnoreProperties(value = "acceptance_ratio", allowGetters = true)
    public record Counts(long proposals, long accepted, long written, long deadLetters) {

        public static Counts none() {
            return new Counts(0, 0, 0, 0);
        }

        @JsonProperty("acceptance_ratio")
        public double acceptanceRatio() {
            return proposals == 0 ? 0 : (double) accepted / proposals;
        }
    }

    /**
     * The quota rebalancer: its settings and how closely every prefix kept to the targets.
     *
     * @param worstPrefixDeviation the largest |count - n x share| in persons over every prefix and controlled cell
     */
    public record Rebalancer(List<String> controlledTables, double prefixBand, double worstPrefixDeviation,
                             long longestWait, long relaxations) {

        public Rebalancer {
            controlledTables = List.copyOf(controlledTables);
        }
    }

    /**
     * One phase of the run (e.g. generate, release, reports).
     *
     * @param start ISO-8601 instant
     * @param end ISO-8601 instant, null while the phase runs
     * @param seconds end - start, null while the phase runs
     */
    public record Phase(String name, String start, String end, Double seconds) {

        static Phase started(String name, Instant start) {
            return new Phase(name, start.toString(), null, null);
        }

        Phase ended(Instant end) {
            Instant begin = Instant.parse(start);
            return new Phase(name, start, end.toString(), Duration.between(begin, end).toMillis() / 1000.0);
        }
    }

    /**
     * LLM usage: tokens sent and received and their cost; zero for the offline writer.
     *
     * @param endpoints the same per LLM endpoint (with its calls and failures), resumed runs included; absent
     *                  from the JSON when there is none (offline)
     */
    public record Usage(long tokensIn, long tokensOut, double costUsd,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EndpointUsage> endpoints) {

        public Usage {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }

        public static Usage none() {
            return new Usage(0, 0, 0, List.of());
        }

        public Usage plus(long in, long out, double cost) {
            return new Usage(tokensIn + in, tokensOut + out, costUsd + cost, endpoints);
        }

        /** This usage with {@code thisRun}'s endpoints added to those of earlier runs (matched by label). */
        public Usage plusEndpoints(List<EndpointUsage> thisRun) {
            List<EndpointUsage> merged = new ArrayList<>(endpoints);
            for (EndpointUsage e : thisRun) {
                int i = 0;
                while (i < merged.size() && !merged.get(i).endpoint().equals(e.endpoint())) {
                    i++;
                }
                if (i < merged.size()) {
                    merged.set(i, merged.get(i).plus(e));
                } else {
                    merged.add(e);
                }
            }
            return new Usage(tokensIn, tokensOut, costUsd, merged);
        }
    }

    /**
     * One LLM endpoint's share of the usage.
     *
     * @param endpoint its label: the index in {@code personas.narratives.endpoints} and the host, never a key
     * @param model the model it was asked for
     * @param calls HTTP calls sent to it
     * @param failures calls that failed (429, 5xx, timeouts, dropped connections, refusals)
     */
    public record EndpointUsage(String endpoint, String model, long calls, long failures, long tokensIn,
                                long tokensOut, double costUsd) {

        EndpointUsage plus(EndpointUsage o) {
            return new EndpointUsage(endpoint, model, calls + o.calls, failures + o.failures, tokensIn + o.tokensIn,
                    tokensOut + o.tokensOut, costUsd + o.costUsd);
        }

        /** The usage of the writer's endpoints now. */
        public static List<EndpointUsage> of(List<md.personas.narratives.llm.EndpointStats> stats) {
            return stats.stream().map(s -> new EndpointUsage(s.endpoint(), s.model(), s.calls(), s.failures(),
                    s.promptTokens(), s.completionTokens(), s.costUsd())).toList();
        }
    }

    /**
     * The manifest of a run that is starting.
     *
     * @param effectiveConfiguration the effective configuration as text; only its SHA-256 is kept
     * @param censusReferenceId {@code CensusModel#referenceId()}
     * @param censusReferenceSha256 {@link #referenceSha256(ReferenceSource)} of the reference the model was loaded from
     */
    public static RunManifest begin(long seed, long count, String effectiveConfiguration, String censusReferenceId,
            String censusReferenceSha256, Narratives narratives, RebalancerSettings rebalancer) {
        return new RunManifest(seed, count, DatasetLabel.of(count), configurationSha256(effectiveConfiguration),
                currentSoftwareVersion(), new Census(censusReferenceId, censusReferenceSha256), narratives, Counts.none(),
                new Rebalancer(rebalancer.controlledTables(), rebalancer.prefixBand(), 0, 0, 0), List.of(),
                Usage.none(), List.of(), Status.RUNNING, null, null, List.of());
    }

    // ---- incremental updates ----

    public RunManifest withCounts(Counts newCounts) {
        return copy(c -> c.counts = newCounts);
    }

    /** Records written to finished parts so far. */
    public RunManifest withWritten(long written) {
        return withCounts(new Counts(counts.proposals(), counts.accepted(), written, counts.deadLetters()));
    }

    public RunManifest withDeadLetters(long deadLetters) {
        return withCounts(new Counts(counts.proposals(), counts.accepted(), counts.written(), deadLetters));
    }

    /** The rebalancer's counters: proposals and accepted into the counts, the prefix statistics into rebalancer. */
    public RunManifest withRebalancerStats(QuotaRebalancer.Stats stats) {
        Rebalancer r = new Rebalancer(rebalancer.controlledTables(), rebalancer.prefixBand(),
                stats.worstPrefixDeviation(), stats.longestWait(), stats.relaxations());
        return copy(c -> {
            c.counts = new Counts(stats.proposals(), stats.accepted(), counts.written(), counts.deadLetters());
            c.rebalancer = r;
        });
    }

    /**
     * What an earlier run of the same dataset found that this one may not redo: its counts, rebalancer statistics
     * and LLM usage (a resumed run with nothing left to write keeps them; a run that streams replaces the counts and
     * the rebalancer statistics, and adds its usage to the earlier one).
     */
    public RunManifest carryingOver(RunManifest previous) {
        return copy(c -> {
            c.counts = previous.counts;
            c.rebalancer = new Rebalancer(rebalancer.controlledTables(), rebalancer.prefixBand(),
                    previous.rebalancer.worstPrefixDeviation(), previous.rebalancer.longestWait(),
                    previous.rebalancer.relaxations());
            c.usage = previous.usage;
            c.writtenFiles = previous.writtenFiles;
        });
    }

    public RunManifest withNarratives(Narratives newNarratives) {
        return copy(c -> c.narratives = newNarratives);
    }

    /** Starts phase {@code name} at {@code start}; a phase started again (a resumed run) is timed anew. */
    public RunManifest withPhaseStarted(String name, Instant start) {
        List<Phase> out = new ArrayList<>();
        for (Phase p : timings) {
            if (!p.name().equals(name)) {
                out.add(p);
            }
        }
        out.add(Phase.started(name, start));
        return withTimings(out);
    }

    /** Ends phase {@code name} at {@code end}. */
    public RunManifest withPhaseEnded(String name, Instant end) {
        List<Phase> out = new ArrayList<>();
        boolean found = false;
        for (Phase p : timings) {
            if (p.name().equals(name)) {
                out.add(p.ended(end));
                found = true;
            } else {
                out.add(p);
            }
        }
        if (!found) {
            throw new IllegalStateException("phase '" + name + "' was never started");
        }
        return withTimings(out);
    }

    private RunManifest withTimings(List<Phase> newTimings) {
        return copy(c -> c.timings = newTimings);
    }

    public RunManifest withUsage(Usage newUsage) {
        return copy(c -> c.usage = newUsage);
    }

    /** Adds one LLM call's tokens and cost. */
    public RunManifest plusUsage(long tokensIn, long tokensOut, double costUsd) {
        return withUsage(usage.plus(tokensIn, tokensOut, costUsd));
    }

    public RunManifest withVerdict(MonitorVerdict verdict) {
        List<MonitorVerdict> out = new ArrayList<>(monitorVerdicts);
        out.add(verdict);
        return copy(c -> c.monitorVerdicts = out);
    }

    /** The run has ended with {@code finalStatus} and the process will exit with {@code code}. */
    public RunManifest finished(Status finalStatus, int code) {
        if (finalStatus == Status.RUNNING) {
            throw new IllegalArgumentException("a finished run cannot be running");
        }
        return copy(c -> {
            c.status = finalStatus;
            c.exitCode = code;
        });
    }

    /** As {@link #finished(Status, int)}, with the one line that says why (an abort's reason, a failure). */
    public RunManifest finished(Status finalStatus, int code, String reason) {
        return finished(finalStatus, code).copy(c -> c.endReason = reason);
    }

    /**
     * A file this program wrote in the output directory, by its path relative to it; {@code bytes} null means the
     * name was claimed just before writing (a crash may have left it in any state), {@code sha256} null means only
     * the size is recorded (the large data files).
     */
    public record OwnedFile(String path, Long bytes, String sha256) { }

    /** The files this program wrote, {@code files} replacing entries of the same path. */
    public RunManifest withWrittenFiles(List<OwnedFile> files) {
        java.util.Map<String, OwnedFile> byPath = new java.util.LinkedHashMap<>();
        for (OwnedFile f : writtenFiles == null ? List.<OwnedFile>of() : writtenFiles) {
            byPath.put(f.path(), f);
        }
        for (OwnedFile f : files) {
            byPath.put(f.path(), f);
        }
        List<OwnedFile> sorted = new ArrayList<>(byPath.values());
        sorted.sort(java.util.Comparator.comparing(OwnedFile::path));
        return copy(c -> c.writtenFiles = sorted);
    }

    /** Without the entries {@code paths} (files deleted by this program). */
    public RunManifest withoutWrittenFiles(java.util.Collection<String> paths) {
        List<OwnedFile> kept = (writtenFiles == null ? List.<OwnedFile>of() : writtenFiles).stream().filter(f -> !paths.contains(f.path())).toList();
        return copy(c -> c.writtenFiles = kept);
    }

    /** This manifest with some components changed: each incremental update above is a line or two. */
    private RunManifest copy(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components of a manifest, to change some and build a new one. */
    private static final class Copy {
        private long seed;
        private long count;
        private String label;
        private String configurationSha256;
        private String softwareVersion;
        private Census census;
        private Narratives narratives;
        private Counts counts;
        private Rebalancer rebalancer;
        private List<Phase> timings;
        private Usage usage;
        private List<MonitorVerdict> monitorVerdicts;
        private Status status;
        private Integer exitCode;
        private String endReason;
        private List<OwnedFile> writtenFiles;

        Copy(RunManifest m) {
            seed = m.seed;
            count = m.count;
            label = m.label;
            configurationSha256 = m.configurationSha256;
            softwareVersion = m.softwareVersion;
            census = m.census;
            narratives = m.narratives;
            counts = m.counts;
            rebalancer = m.rebalancer;
            timings = m.timings;
            usage = m.usage;
            monitorVerdicts = m.monitorVerdicts;
            status = m.status;
            exitCode = m.exitCode;
            endReason = m.endReason;
            writtenFiles = m.writtenFiles;
        }

        RunManifest build() {
            return new RunManifest(seed, count, label, configurationSha256, softwareVersion,
                    census, narratives, counts, rebalancer, timings, usage, monitorVerdicts,
                    status, exitCode, endReason, writtenFiles);
        }
    }

    // ---- files ----

    /** The manifest as pretty JSON, keys in declaration order, '\n' line ends, a final newline. */
    public byte[] toJson() {
        try {
            return (JSON.writer(PRETTY).writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the run manifest cannot be serialised", e);
        }
    }

    /** Writes {@code dir/run.json} atomically (temporary file, fsync, rename). */
    public Path writeTo(Path dir) throws IOException {
        return writeTo(dir, FILE_NAME);
    }

    /** Writes {@code dir/fileName} atomically: a shard writes its own manifest beside the others. */
    public Path writeTo(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        AtomicFile.write(file, toJson());
        return file;
    }

    /** Reads a manifest file of any name (a shard's). */
    public static RunManifest readFile(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), RunManifest.class);
    }

    /** Reads {@code dir/run.json}. */
    public static RunManifest readFrom(Path dir) throws IOException {
        return JSON.readValue(Files.readAllBytes(dir.resolve(FILE_NAME)), RunManifest.class);
    }

    // ---- identities ----

    /** The SHA-256 (lowercase hex) of the effective configuration text, UTF-8. */
    public static String configurationSha256(String effectiveConfiguration) {
        return HexFormat.of().formatHex(sha256().digest(effectiveConfiguration.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The SHA-256 of the census reference files, in a fixed order; each contributes its name, a zero byte, its
     * length and its bytes, so that moving bytes from one file to another changes the hash.
     */
    public static String referenceSha256(ReferenceSource source) {
        MessageDigest digest = sha256();
        for (String file : ReferenceSource.FILES) {
            byte[] bytes = source.bytes(file);
            digest.update(file.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code Implementation-Version} of the jar's manifest, or "dev" when run from classes (tests, IDE). */
    public static String currentSoftwareVersion() {
        String v = RunManifest.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
