package md.personas.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.rebalancing.Rebalancing;
import md.personas.sampling.PersonaSampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sample + rebalance together: the time to accept N personas on one thread (personas/s = N / score). Run with
 * {@code ops/bench Rebalancer}; the acceptance ratio is printed by {@code ops/bench-rebalancer}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class RebalancerBenchmark {

    @Param({"100000"})
    public long count;

    private CensusModel model;
    private List<TargetTable> controlled;
    private long seed;

    @Setup
    public void setUp() {
        model = CensusModel.load(ReferenceSource.bundled());
        controlled = Rebalancing.controlledTables(CensusTargets.compute(model), RebalancerSettings.DEFAULT_TABLES);
    }

    @Benchmark
    public long sampleAndRebalance() {
        long s = ++seed;
        PersonaSampler sampler = new PersonaSampler(model, s);
        QuotaRebalancer rebalancer = new QuotaRebalancer(s, model, QuotaPlan.forCount(controlled, count),
                RebalancerSettings.defaults());
        long proposal = 0;
        while (!rebalancer.isComplete()) {
            rebalancer.offer(sampler.sample(proposal++));
        }
        return proposal;
    }
}
