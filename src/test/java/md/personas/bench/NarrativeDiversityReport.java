package md.personas.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeCheck;
import md.personas.narratives.offline.NarrativeDiversity;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;

/**
 * The offline writer over a full default run's worth of sampled personas (100,000 unless told otherwise): the
 * near-duplicate and distinct-n measure of {@link NarrativeDiversity}, the narrative contract over every record,
 * the record-coherence check, how often the most repeated sentences recur, and the wall time of each. Narratives are measured as they are written and then dropped, so memory stays flat.
 * Run with {@code ops/narrative-diversity [count] [seed]}.
 */
public final class NarrativeDiversityReport {

    private NarrativeDiversityReport() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20240408L;
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        PersonaSampler sampler = new PersonaSampler(model, seed);
        OfflineNarrativeWriter writer = new OfflineNarrativeWriter(model);
        NarrativeCheck contract = NarrativeCheck.load();
        SentenceRepetition repetition = new SentenceRepetition();
        int threads = Runtime.getRuntime().availableProcessors();

        NarrativeDiversity.Accumulator diversity = new NarrativeDiversity.Accumulator();
        Map<String, Integer> violations = new TreeMap<>();
        long writeNanos = 0;
        long checkNanos = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int batch = 2_000;
            for (int from = 0; from < count; from += batch) {
                int to = Math.min(count, from + batch);
                List<Persona> personas = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    personas.add(sampler.sample(i));
                }
                long t0 = System.nanoTime();
                List<Future<Narrative>> written = new ArrayList<>();
                for (Persona p : personas) {
                    written.add(pool.submit(() -> writer.compose(p)));
                }
                List<Narrative> narratives = new ArrayList<>(personas.size());
                for (Future<Narrative> f : written) {
                    narratives.add(f.get());
                }
                long t1 = System.nanoTime();
                List<Future<List<ContractViolation>>> checked = new ArrayList<>();
                for (int k = 0; k < personas.size(); k++) {
                    Persona p = personas.get(k);
                    Narrative n = narratives.get(k);
                    checked.add(pool.submit(() -> contract.check(p, n)));
                }
                for (Future<List<ContractViolation>> f : checked) {
                    for (ContractViolation v : f.get()) {
                        violations.merge(v.field() + ":" + v.rule(), 1, Integer::sum);
                    }
                }
                long t2 = System.nanoTime();
                writeNanos += t1 - t0;
                checkNanos += t2 - t1;
                narratives.forEach(diversity::add);
                for (int k = 0; k < personas.size(); k++) {
                    repetition.add(personas.get(k), narratives.get(k));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long t3 = System.nanoTime();
        NarrativeDiversity.Report report = diversity.finish();
        long measureNanos = System.nanoTime() - t3;

        System.out.printf(Locale.ROOT, "offline writer, %d personas, seed %d, %d threads%n", count, seed, threads);
        System.out.printf(Locale.ROOT, "write: %.1f s wall (%.0f narratives/s on %d threads)%n", writeNanos / 1e9,
                count / (writeNanos / 1e9), threads);
        System.out.printf(Locale.ROOT, "contract and record-coherence check: %.1f s wall, violations: %s%n",
                checkNanos / 1e9,
                violations.isEmpty() ? "none" : violations);
        System.out.printf(Locale.ROOT, "diversity finish: %.1f s%n", measureNanos / 1e9);
        System.out.print(report);
        System.out.print(repetition.report());
    }
}
