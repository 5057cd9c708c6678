package md.personas.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeCheck;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.RecordCoherence;
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
 * Records per second, on one thread, of the checks every released record passes: the record-coherence check alone,
 * the narrative contract alone, both as generate and validate run them ({@link NarrativeCheck}), and the offline
 * writer's composition of one draft for scale (4,096 sampled personas, narratives written in the setup). For a
 * figure that holds on a loaded machine, {@link NarrativeCpuTime} gives the same steps in thread CPU time. Run after {@code mvn -B test-compile}: {@code ops/bench NarrativeCheckBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class NarrativeCheckBenchmark {

    private static final int PERSONAS = 4096;

    private final RecordCoherence coherence = new RecordCoherence();
    private final NarrativeContract contract = NarrativeContract.load();
    private final NarrativeCheck check = new NarrativeCheck(contract, coherence);
    private OfflineNarrativeWriter writer;
    private Persona[] personas;
    private Narrative[] narratives;
    private int next;

    @Setup
    public void setUp() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);
        writer = new OfflineNarrativeWriter(model);
        personas = new Persona[PERSONAS];
        narratives = new Narrative[PERSONAS];
        for (int i = 0; i < PERSONAS; i++) {
            personas[i] = sampler.sample(i);
            narratives[i] = writer.compose(personas[i]);
        }
    }

    @Benchmark
    public List<ContractViolation> coherence() {
        int i = next++ & (PERSONAS - 1);
        return coherence.check(personas[i], narratives[i]);
    }

    @Benchmark
    public List<ContractViolation> check() {
        int i = next++ & (PERSONAS - 1);
        return check.check(personas[i], narratives[i]);
    }

    @Benchmark
    public Narrative compose() {
        int i = next++ & (PERSONAS - 1);
        return writer.compose(personas[i]);
    }

    @Benchmark
    public List<ContractViolation> contract() {
        int i = next++ & (PERSONAS - 1);
        return contract.check(personas[i], narratives[i]);
    }
}
