package md.personas.operations;

import md.personas.census.CensusModel;
import md.personas.narratives.llm.LlmSettings;
import md.personas.narratives.llm.NarrativePlan;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import md.personas.run.CommandLine;

/**
 * {@code plan [--count N]}: calls, tokens, cost and wall time of an LLM run under the configured limits,
 * predicted from real prompt sizes (prompts built for sampled personas). Needs no API key.
 */
public final class PlanCommand {

    private PlanCommand() {
    }

    public static ExitCode run(CommandLine line) {
        Settings settings = SettingsLoader.load(line);
        LlmSettings llm = settings.llm().orElseGet(() -> {
            try {
                return LlmSettings.fromConfig(settings.config().getConfig("personas.narratives"));
            } catch (md.personas.narratives.llm.LlmConfigurationException e) {
                throw RunFailure.usage(e.getMessage());
            }
        });
        CensusModel model = settings.loadCensusModel();
        System.out.println(NarrativePlan.estimate(llm, model, settings.seed(), settings.count()).summary());
        return ExitCode.SUCCESS;
    }
}
