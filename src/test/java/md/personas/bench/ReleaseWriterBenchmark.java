package md.personas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import md.personas.record.PersonaRecord;
import md.personas.sinks.DatasetLabel;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.ReleaseWriter;
import md.personas.sinks.TestRecords;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 * Throughput of the release step, in records per second: a k-way merge of finished parts (1,000 records each,
 * written by both part sinks beforehand) into the sorted JSONL, Parquet and CSV release files, fsynced.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main ReleaseWriter
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class ReleaseWriterBenchmark {

    @Param({"structured", "narrated"})
    public String records;

    private Path scratch;
    private Path out;
    private PartDirectory parts;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "release-benchmark");
        try {
            List<PersonaRecord> sorted = records.equals("narrated")
                    ? TestRecords.narratedRecords(SinkThroughputBenchmark.RECORDS)
                    : TestRecords.structuredRecords(SinkThroughputBenchmark.RECORDS);
            scratch = Files.createTempDirectory(Path.of("target"), "release-bench");
            parts = PartDirectory.in(scratch.resolve("parts-of-run"));
            SinkThroughputBenchmark.write(system, TestRecords.arrivalOrder(sorted, 32, 1), parts, "both");
        } finally {
            system.terminate();
        }
    }

    @Setup(Level.Invocation)
    public void freshDirectory() throws IOException {
        out = Files.createTempDirectory(scratch, "release");
    }

    @TearDown(Level.Invocation)
    public void removeDirectory() throws IOException {
        SinkThroughputBenchmark.delete(out);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        SinkThroughputBenchmark.delete(scratch);
    }

    @Benchmark
    @OperationsPerInvocation(SinkThroughputBenchmark.RECORDS)
    public Object release() throws Exception {
        return ReleaseWriter.write(parts, out, DatasetLabel.of(SinkThroughputBenchmark.RECORDS));
    }
}
