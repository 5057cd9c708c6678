package md.personas.bench;

import java.util.List;
import java.util.Locale;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.sampling.PersonaSampler;

/**
 * The rebalancer against i.i.d. sampling from the same model, over several seeds: the final-count error at N
 * (total absolute error against the integer quotas, per controlled table) and the worst deviation from n x share
 * at every checkpoint of 1,000, plus acceptance ratio and throughput. {@code ops/bench-rebalancer [N] [seeds] [first seed]}.
 */
public final class RebalancerComparison {

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        List<TargetTable> tables = Rebalancing.controlledTables(CensusTargets.compute(model),
                RebalancerSettings.DEFAULT_TABLES);
        QuotaPlan plan = QuotaPlan.forCount(tables, n);
        System.out.printf(Locale.ROOT, "N = %,d, %d seeds; tables: %s%n", n, seeds,
                tables.stream().map(TargetTable::name).toList());
        for (int s = 1; s <= seeds; s++) {
            long seed = args.length > 2 ? Long.parseLong(args[2]) + s - 1 : 1000L * s + 7;
            Result iid = run(model, tables, plan, seed, n, false);
            Result rebalanced = run(model, tables, plan, seed, n, true);
            System.out.printf(Locale.ROOT, "seed %d  i.i.d.: final error %s, worst checkpoint deviation %.1f | "
                    + "rebalanced: final error %s, worst checkpoint deviation %.2f, acceptance %.3f, %.0f personas/s%n",
                    seed, iid.finalErrors, iid.worstCheckpoint, rebalanced.finalErrors, rebalanced.worstCheckpoint,
                    rebalanced.acceptance, rebalanced.perSecond);
        }
    }

    private record Result(String finalErrors, double worstCheckpoint, double acceptance, double perSecond) { }

    private static Result run(CensusModel model, List<TargetTable> tables, QuotaPlan plan, long seed, long n,
                              boolean rebalance) {
        PersonaSampler sampler = new PersonaSampler(model, seed);
        QuotaRebalancer rebalancer = new QuotaRebalancer(seed, model, plan, RebalancerSettings.defaults());
        List<TargetTable.CellIndex> indexes = tables.stream().map(TargetTable::index).toList();
        long[][] counts = new long[tables.size()][];
        for (int t = 0; t < tables.size(); t++) {
            counts[t] = new long[tables.get(t).size()];
        }
        long accepted = 0;
        long proposal = 0;
        double worst = 0;
        long start = System.nanoTime();
        while (accepted < n) {
            Persona p = sampler.sample(proposal++);
            List<Persona> out = rebalance ? rebalancer.offer(p) : List.of(p);
            for (Persona a : out) {
                PersonaRecord r = new PersonaRecord(a, Narrative.none());
                for (int t = 0; t < tables.size(); t++) {
                    counts[t][indexes.get(t).of(r)]++;
                }
                accepted++;
                if (accepted % 1000 == 0 || accepted == n) {
                    for (int t = 0; t < tables.size(); t++) {
                        for (int c = 0; c < counts[t].length; c++) {
                            worst = Math.max(worst, Math.abs(counts[t][c] - accepted * tables.get(t).shares()[c]));
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder errors = new StringBuilder();
        for (int t = 0; t < tables.size(); t++) {
            long total = 0;
            for (int c = 0; c < counts[t].length; c++) {
                total += Math.abs(counts[t][c] - plan.quota(t, c));
            }
            errors.append(t == 0 ? "" : "/").append(total);
        }
        return new Result(errors.toString(), worst, (double) n / proposal, n / seconds);
    }
}
