package md.personas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import md.personas.record.PersonaRecord;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;
import md.personas.sinks.PartSinks;
import md.personas.sinks.PartsWritten;
import md.personas.sinks.TestRecords;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the checkpoint sinks, in records per second, for structured-only
 * records and for records with about 3 KB of narrative. Each invocation writes {@value #RECORDS} records in
 * arrival order (shuffled locally, as mapAsyncUnordered emits them) into a fresh directory on the working
 * disk, with every fsync a real run does (three per part and format, one part per 1,000 records).
 *
 * <pre>
 * mvn -B test-compile
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main SinkThroughput
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class SinkThroughputBenchmark {

    static final int RECORDS = 10_000;

    @Param({"structured", "narrated"})
    public String records;

    /** jsonl or parquet alone, or both behind a Broadcast as in the pipeline. */
    @Param({"jsonl", "parquet", "both"})
    public String sinks;

    private ActorSystem<Void> system;
    private List<PersonaRecord> arrival;
    private Path scratch;
    private Path out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "sink-benchmark");
        List<PersonaRecord> sorted = records.equals("narrated")
                ? TestRecords.narratedRecords(RECORDS)
                : TestRecords.structuredRecords(RECORDS);
        arrival = TestRecords.arrivalOrder(sorted, 32, 1);
        scratch = Files.createTempDirectory(Path.of("target"), "sink-bench");
    }

    @Setup(Level.Invocation)
    public void freshDirectory() throws IOException {
        out = Files.createTempDirectory(scratch, "run");
    }

    @TearDown(Level.Invocation)
    public void removeDirectory() throws IOException {
        delete(out);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        system.terminate();
        delete(scratch);
    }

    /** Records per second through the part sink(s) of {@link #sinks}. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public Object parts() throws Exception {
        return write(system, arrival, PartDirectory.in(out), sinks);
    }

    static Object write(ActorSystem<Void> system, List<PersonaRecord> arrival, PartDirectory dir, String which)
            throws Exception {
        PartSettings settings = PartSettings.of(1000);
        Source<PersonaRecord, ?> source = Source.from(arrival);
        CompletionStage<?> done = switch (which) {
            case "jsonl" -> source.runWith(PartSinks.jsonl(dir, settings), system);
            case "parquet" -> source.runWith(PartSinks.parquet(dir, settings), system);
            default -> {
                Pair<CompletionStage<PartsWritten>, CompletionStage<PartsWritten>> both = source
                        .alsoToMat(PartSinks.jsonl(dir, settings), Keep.right())
                        .toMat(PartSinks.parquet(dir, settings), Keep.both())
                        .run(system);
                yield CompletableFuture.allOf(both.first().toCompletableFuture(),
                        both.second().toCompletableFuture());
            }
        };
        return done.toCompletableFuture().get(10, TimeUnit.MINUTES);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
