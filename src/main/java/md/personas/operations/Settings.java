package md.personas.operations;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import md.personas.monitoring.MonitorSettings;
import md.personas.rebalancing.RebalancerSettings;

/**
 * The settings of a run, created once from the configuration and the flags; stages receive the part they need.
 *
 * @param censusDirectory a directory of reference files replacing the bundled ones, if configured
 * @param config the whole effective configuration, for the stages with their own settings blocks (the LLM client)
 */
public record Settings(long count, long seed, Path outputDir, int checkpointEvery, NarrativeMode narratives,
                       int workers, RebalancerSettings rebalancer, MonitorSettings monitor,
                       Optional<Path> censusDirectory, Config config) {

    /** The configuration subset that determines the records, whose hash marks a run's directory. */
    public String identity() {
        return "count=" + count + "\nseed=" + seed + "\nnarratives=" + narratives.label()
                + "\nrebalancer.controlled-tables=" + rebalancer.controlledTables()
                + "\nrebalancer.prefix-band=" + rebalancer.prefixBand()
                + "\nrebalancer.per-cell-cap=" + rebalancer.perCellCap();
    }
}
