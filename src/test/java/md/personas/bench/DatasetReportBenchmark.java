package md.personas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.census.ReferenceSource;
import md.personas.monitoring.DatasetReport;
import md.personas.sinks.RecordParquet;
import md.personas.sinks.RowCursor;
import md.personas.sinks.RowWriter;
import md.personas.sinks.TestRecords;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Throughput of the dataset report, in records per second: one streaming pass over a released Parquet file of
 * 20,000 records (every target table counted, every hard rule checked, narrative lengths measured), as
 * {@code ReleaseReports.write} and {@code validate} do it. A small heap (-Xmx128m) shows the pass does not hold the
 * rows.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main DatasetReport
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx128m", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class DatasetReportBenchmark {

    static final int RECORDS = 20_000;

    @Param({"structured", "narrated"})
    public String records;

    private Path file;
    private CensusTargets targets;
    private ConsistencyRules rules;

    @Setup
    public void setUp() throws IOException {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
        rules = new ConsistencyRules(model);
        file = Files.createTempFile(Path.of("target"), "report-bench", ".parquet");
        try (RowWriter w = RecordParquet.rowWriter(file, 10_000)) {
            for (int i = 0; i < RECORDS; i++) {
                w.write(records.equals("narrated") ? TestRecords.narrated(i) : TestRecords.structured(i));
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public DatasetReport reportOfParquet() throws IOException {
        try (RowCursor rows = RecordParquet.open(file)) {
            return DatasetReport.of(rows, targets, rules);
        }
    }
}
