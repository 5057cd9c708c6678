package md.personas.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.llm.ApiKey;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
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
 * The cost of searching an answer for the API key (every form: any case, base64, base64url, any 12 characters) next
 * to the cost of judging it by the narrative contract, per record, over 1,024 realistic Romanian narratives (about
 * 3 KB each, from the offline writer). Run: {@code ops/bench KeyScan}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class KeyScanBenchmark {

    private static final int RECORDS = 1024;

    private ApiKey key;
    private NarrativeContract contract;
    private Persona[] personas;
    private Narrative[] narratives;
    private String[][] fields;
    private int next;

    @Setup
    public void setUp() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);
        OfflineNarrativeWriter writer = new OfflineNarrativeWriter(model);
        key = ApiKey.fromEnvironment("K", Map.of("K", "sk-proj-4f1c9a2b7e4d4c0fa8b1d6e3c2a9f7b0c3d2e1f0"));
        contract = NarrativeContract.load();
        personas = new Persona[RECORDS];
        narratives = new Narrative[RECORDS];
        fields = new String[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            personas[i] = sampler.sample(i);
            narratives[i] = writer.compose(personas[i]);
            PersonaRecord r = new PersonaRecord(personas[i], narratives[i]);
            fields[i] = Column.NARRATIVE_FIELDS.stream().map(c -> String.valueOf(r.get(c))).toArray(String[]::new);
        }
    }

    /** What the LLM writer does to every answer before anything else sees it. */
    @Benchmark
    public boolean keyScan() {
        boolean found = false;
        for (String field : fields[next++ & (RECORDS - 1)]) {
            found |= key.foundIn(field);
        }
        return found;
    }

    @Benchmark
    public List<ContractViolation> contractCheck() {
        int i = next++ & (RECORDS - 1);
        return contract.check(personas[i], narratives[i]);
    }
}
