package md.personas.operations;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import md.personas.messages.OneLine;
import md.personas.monitoring.MonitorSettings;
import md.personas.narratives.NarrativeMode;
import md.personas.narratives.llm.LlmConfigurationException;
import md.personas.narratives.llm.LlmSettings;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.run.RunFailure;
import md.personas.run.CommandLine;

/**
 * Loads the effective configuration: flags, then {@code -Dpersonas.*} system properties, then environment variables
 * (through {@code ${?VAR}} in the files),
 * then {@code --config FILE}, then {@code conf/application.conf} of the installation (the file operators tune),
 * then the copy of it bundled in the jar. Any problem is a one-line usage error (exit 2).
 */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /** The installation's conf/application.conf: under {@code -Dpersonas.home}, or the working directory. */
    public static Path installedConfig() {
        return Path.of(System.getProperty("personas.home", ".")).resolve("conf").resolve("application.conf");
    }

    public static Config loadConfig(CommandLine line) {
        Map<String, Object> overrides = new HashMap<>();
        if (line.has("--count")) {
            overrides.put("personas.count", CommandLine.positiveNumber("--count", line.flag("--count")));
        }
        if (line.has("--seed")) {
            try {
                overrides.put("personas.seed", Long.parseLong(line.flag("--seed").trim()));
            } catch (NumberFormatException e) {
                throw RunFailure.usage("--seed must be a whole number, not '" + line.flag("--seed") + "'");
            }
        }
        if (line.has("--out")) {
            overrides.put("personas.output-dir", line.flag("--out"));
        }
        if (line.has("--narratives")) {
            overrides.put("personas.narratives.mode", mode(line.flag("--narratives")).label());
        }
        try {
            // Flags first, then JVM system properties (-Dpersonas.http.port=0 and the like), then the files.
            Config config = ConfigFactory.parseMap(overrides, "command line")
                    .withFallback(ConfigFactory.systemProperties().withOnlyPath("personas"));
            if (line.has("--config")) {
                Path file = Path.of(line.flag("--config"));
                if (!Files.isRegularFile(file)) {
                    throw RunFailure.usage("configuration file " + file + " does not exist; pass an existing "
                            + "HOCON file to --config");
                }
                config = config.withFallback(ConfigFactory.parseFile(file.toFile(),
                        ConfigParseOptions.defaults().setAllowMissing(false)));
            }
            Path installed = installedConfig();
            if (Files.isRegularFile(installed)) {
                config = config.withFallback(ConfigFactory.parseFile(installed.toFile()));
            }
            config = config.withFallback(ConfigFactory.parseResources("conf/application.conf"))
                    .withFallback(ConfigFactory.defaultReference());
            return config.resolve();
        } catch (ConfigException e) {
            throw RunFailure.usage("configuration: " + OneLine.of(e.getMessage())
                    + "; fix the file or the environment variable it names");
        }
    }

    public static Settings load(CommandLine line) {
        Config config = loadConfig(line);
        try {
            Config p = config.getConfig("personas");
            long count = p.getLong("count");
            if (count <= 0) {
                throw RunFailure.usage("personas.count must be positive (is " + count + ")");
            }
            if (count > Integer.MAX_VALUE) { // indices are Java ints: 0..2^31-2
                throw RunFailure.usage("personas.count can be at most " + Integer.MAX_VALUE + " (is " + count
                        + "); generate a larger dataset as several runs with different seeds");
            }
            requireNotNegative(p, "narratives.offline-workers", "0 = two per core");
            int checkpointEvery = p.getInt("checkpoint-every");
            if (checkpointEvery <= 0) {
                throw RunFailure.usage("personas.checkpoint-every must be positive (is " + checkpointEvery + ")");
            }
            NarrativeMode mode = mode(p.getString("narratives.mode"));
            Optional<LlmSettings> llm = mode == NarrativeMode.LLM
                    ? Optional.of(LlmSettings.fromConfig(p.getConfig("narratives"))) : Optional.empty();
            int workers = llm.map(LlmSettings::workers).orElseGet(() -> {
                int offline = p.getInt("narratives.offline-workers");
                return offline > 0 ? offline : 2 * Runtime.getRuntime().availableProcessors();
            });
            if (workers <= 0) {
                throw RunFailure.usage("personas.narratives.workers must be positive (is " + workers + ")");
            }
            Config r = p.getConfig("rebalancer");
            List<String> tables = r.getStringList("controlled-tables");
            if (tables.isEmpty()) {
                throw RunFailure.usage("personas.rebalancer.controlled-tables is empty; name at least one table, "
                        + "e.g. [\"ethnicity x region\"] (see conf/application.conf)");
            }
            RebalancerSettings rebalancer = RebalancerSettings.fromConfig(r);
            MonitorSettings monitor = MonitorSettings.fromConfig(p.getConfig("monitor"), rebalancer.prefixBand(),
                    mode == NarrativeMode.NONE ? 0 : workers);
            String censusDirectory = p.getString("census.directory");
            return new Settings(count, p.getLong("seed"), Path.of(p.getString("output-dir")), checkpointEvery, mode,
                    workers, rebalancer, monitor,
                    censusDirectory.isBlank() ? Optional.empty() : Optional.of(Path.of(censusDirectory)), llm, config);
        } catch (LlmConfigurationException e) {
            throw RunFailure.usage(OneLine.of(e.getMessage()));
        } catch (ConfigException e) {
            throw RunFailure.usage("configuration: " + OneLine.of(e.getMessage()) + "; see conf/application.conf");
        } catch (IllegalArgumentException e) {
            throw RunFailure.usage("configuration: " + OneLine.of(e.getMessage()));
        }
    }

    /** A whole-number key that may be absent but not negative. */
    private static void requireNotNegative(Config p, String key, String meaning) {
        if (p.hasPath(key) && p.getLong(key) < 0) {
            throw RunFailure.usage("personas." + key + " must be 0 or more (" + meaning + "), not " + p.getLong(key));
        }
    }

    /** {@code --narratives} or {@code personas.narratives.mode}; anything else is a usage error (exit 2). */
    private static NarrativeMode mode(String value) {
        try {
            return NarrativeMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw RunFailure.usage(e.getMessage());
        }
    }
}
