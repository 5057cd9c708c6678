package md.personas.operations;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import md.personas.census.CensusDataException;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.NarrativeMode;
import md.personas.narratives.llm.LlmSettings;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.narratives.offline.OfflineWriterDigest;
import md.personas.monitoring.MonitorSettings;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.run.RunFailure;

/**
 * The settings of a run, created once from the configuration and the flags; stages receive the part they need.
 *
 * @param workers personas in flight in the narrative stage: the LLM's {@code workers}, or the offline writer's
 *                {@code offline-workers}
 * @param censusDirectory a directory of reference files replacing the bundled ones, if configured
 * @param llm the LLM client's settings, present in {@code --narratives llm} mode
 * @param config the whole effective configuration, for the stages with their own settings blocks (the LLM client)
 */
public record Settings(long count, long seed, Path outputDir, int checkpointEvery, NarrativeMode narratives,
                       int workers, RebalancerSettings rebalancer, MonitorSettings monitor,
                       Optional<Path> censusDirectory, Optional<LlmSettings> llm, Config config) {

    /** Where the census reference is read from: the configured directory, or the copy bundled in the jar. */
    public ReferenceSource censusSource() {
        return censusDirectory.map(ReferenceSource::directory).orElse(ReferenceSource.bundled());
    }

    /** The census model of this configuration; a broken reference is a usage error (exit 2). */
    public CensusModel loadCensusModel() {
        try {
            return CensusModel.load(censusSource());
        } catch (CensusDataException e) {
            throw RunFailure.usage(e.getMessage());
        }
    }

    /** The configuration subset that determines the records, whose hash marks a run's directory. */
    public String identity() {
        // The offline writer's texts are part of what it writes: a changed phrase bank is another run.
        String writer = llm.map(l -> "\nllm.provider=" + l.provider() + "\nllm.model=" + l.model()
                + "\nllm.prompt-version=" + l.promptVersion()).orElse(narratives == NarrativeMode.OFFLINE
                ? "\noffline-writer=" + OfflineNarrativeWriter.MODEL + " " + OfflineWriterDigest.sha256() : "");
        return "count=" + count + "\nseed=" + seed + "\nnarratives=" + narratives.label() + writer
                + "\nrebalancer.controlled-tables=" + rebalancer.controlledTables()
                + "\nrebalancer.prefix-band=" + rebalancer.prefixBand()
                + "\nrebalancer.per-cell-cap=" + rebalancer.perCellCap();
    }
}
