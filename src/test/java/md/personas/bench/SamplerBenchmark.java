package md.personas.bench;

import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
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
 * The sampler alone: structured personas per second on one thread. Run with {@code ops/bench Sampler}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SamplerBenchmark {

    private PersonaSampler sampler;
    private long next;

    @Setup
    public void setUp() {
        sampler = new PersonaSampler(CensusModel.load(ReferenceSource.bundled()), 20240408L);
    }

    @Benchmark
    public Persona sample() {
        return sampler.sample(next++);
    }
}
