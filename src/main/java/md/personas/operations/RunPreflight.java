package md.personas.operations;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.TargetTable;
import md.personas.messages.OneLine;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.llm.LlmConfigurationException;
import md.personas.narratives.llm.NarrativePrompts;
import md.personas.rebalancing.Rebalancing;
import md.personas.run.RunFailure;
import md.personas.run.RunManifest;
import md.personas.service.ControlToken;
import md.personas.service.HttpSettings;
import md.personas.run.CommandLine;
import md.personas.run.OutputDirectory;
import md.personas.run.RunIdentity;

/**
 * The checks of {@code generate} that need more than the configuration file (the census model, the prompt
 * resources, the network), done before the output directory is created or touched, so that a usage or
 * configuration error exits 2 with one line and leaves nothing behind.
 */
final class RunPreflight {

    /** What the checks found, for the run to use. */
    record Checked(Settings settings, HttpSettings http, Optional<ControlToken> token, OutputDirectory out,
                   CensusModel model, CensusTargets targets, List<TargetTable> controlled, String referenceSha,
                   RunIdentity identity) { }

    private RunPreflight() {
    }

    /** Every check that can refuse a run, in order; none writes anything. */
    static Checked check(CommandLine line) {
        Settings settings = SettingsLoader.load(line);
        if (settings.llm().isPresent() && !line.has(md.personas.operations.ReleaseCommand.RELEASE_ONLY)) {
            try {
                settings.llm().get().requireApiKey(System.getenv()); // exit 2 before anything starts
            } catch (LlmConfigurationException e) {
                throw RunFailure.usage(e.getMessage());
            }
        }
        HttpSettings http = HttpSettings.from(settings.config());
        Optional<ControlToken> token = ControlToken.fromEnvironment(http.controlTokenEnv(), System.getenv());
        http.checkExposure(token); // exit 2: a non-loopback status server without a control token
        OutputDirectory out = OutputDirectory.check(settings.outputDir());
        CensusModel model = settings.loadCensusModel();
        CensusTargets targets = CensusTargets.compute(model);
        List<TargetTable> controlled = controlledTables(targets, settings);
        promptLoads(settings, model);
        statusPortFree(http); // exit 2 before the directory and run.json exist
        String referenceSha = RunManifest.referenceSha256(settings.censusSource());
        return new Checked(settings, http, token, out, model, targets, controlled, referenceSha,
                RunIdentity.of(settings.seed(), settings.count(), settings.identity(), referenceSha));
    }

    /** The controlled tables the configuration names, or exit 2 naming the table that does not exist. */
    static List<TargetTable> controlledTables(CensusTargets targets, Settings settings) {
        try {
            return Rebalancing.controlledTables(targets, settings.rebalancer().controlledTables());
        } catch (IllegalArgumentException e) {
            throw RunFailure.usage(OneLine.of(e.getMessage()));
        }
    }

    /** The LLM prompt of the configured version can be loaded (an unknown version exits 2). */
    static void promptLoads(Settings settings, CensusModel model) {
        if (settings.llm().isEmpty()) {
            return;
        }
        try {
            NarrativePrompts.load(settings.llm().get().promptVersion(), model, NarrativeContract.load());
        } catch (LlmConfigurationException e) {
            throw RunFailure.usage("personas.narratives.prompt-version '" + settings.llm().get().promptVersion()
                    + "': " + OneLine.of(e.getMessage()) + "; the bundled version is ro-1");
        }
    }

    /**
     * The status server's port is free now (port 0 always is). The server binds it later; a port taken in between
     * still fails there with the same message.
     */
    static void statusPortFree(HttpSettings http) {
        if (!http.enabled() || http.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(http.host()), http.port()));
        } catch (IOException e) {
            throw RunFailure.usage("personas.http: cannot listen on " + http.host() + ":" + http.port() + " ("
                    + e.getMessage() + "); set personas.http.port to a free port (0 = any), or "
                    + "personas.http.enabled = false");
        }
    }
}
