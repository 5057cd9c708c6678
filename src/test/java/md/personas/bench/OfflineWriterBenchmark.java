package md.personas.bench;

import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Narratives per second of the offline writer on one thread, over 4,096 realistic personas of the sampler (the
 * sampling itself is outside the measure). Run after {@code mvn -B test-compile}:
 * {@code java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.openjdk.jmh.Main
 * OfflineWriterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class OfflineWriterBenchmark {

    private static final int PERSONAS = 4096;

    private OfflineNarrativeWriter writer;
    private Persona[] personas;
    private int next;

    @Setup
    public void setUp() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);
        writer = new OfflineNarrativeWriter(model);
        personas = new Persona[PERSONAS];
        for (int i = 0; i < PERSONAS; i++) {
            personas[i] = sampler.sample(i);
        }
    }

    @Benchmark
    public Narrative compose() {
        return writer.compose(personas[next++ & (PERSONAS - 1)]);
    }
}
