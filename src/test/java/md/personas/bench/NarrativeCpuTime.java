package md.personas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.NarrativeCheck;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;

/**
 * CPU time per record, on one thread, of the three steps of the default narrative stage: composing one draft, the
 * check every released record passes (contract and record coherence), and the writer's whole {@code write} (draft,
 * check, redraft). Thread CPU time, not wall time, so that the figures hold on a machine other processes load.
 * Run after {@code mvn -B test-compile}: {@code java -cp ... md.personas.bench.NarrativeCpuTime [count] [rounds]}.
 */
public final class NarrativeCpuTime {

    private NarrativeCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);
        OfflineNarrativeWriter writer = new OfflineNarrativeWriter(model);
        NarrativeCheck check = NarrativeCheck.load();
        Persona[] personas = new Persona[count];
        Narrative[] narratives = new Narrative[count];
        for (int i = 0; i < count; i++) {
            personas[i] = sampler.sample(i);
        }
        for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                narratives[i] = writer.compose(personas[i]);
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            int violations = 0;
            for (int i = 0; i < count; i++) {
                violations += check.check(personas[i], narratives[i]).size();
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                writer.write(personas[i]).toCompletableFuture().join();
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            if (round > 0) {
                System.out.printf(Locale.ROOT, "round %d, %d records, CPU ms per record: compose %.3f, check %.3f,"
                                + " write (compose+check+redrafts) %.3f; first-draft violations %d%n", round, count,
                        (t1 - t0) / 1e6 / count, (t2 - t1) / 1e6 / count, (t3 - t2) / 1e6 / count, violations);
            }
        }
    }
}
