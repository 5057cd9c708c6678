package md.personas.narratives.llm;

import java.time.Duration;
import md.personas.census.CensusModel;
import md.personas.narratives.NarrativeContract;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;

/**
 * Predicts calls, tokens, cost and wall time of an LLM narrative run from real prompt sizes: it samples personas
 * with the run's seed, builds their first requests with the configured prompt version, and measures them. Tokens
 * come from characters at {@code chars-per-token} (3.2 for Romanian by default: a cautious figure, since BPE
 * vocabularies split diacritics; the writer reports the ratio it observes as {@code observedCharsPerToken}).
 * The answer's size is the contract's target lengths (the prompt resource's {@code expected-chars}); repairs
 * follow {@code plan.repair-share} and {@code plan.repair-size}; the call rate is the least of workers / latency,
 * requests-per-minute and tokens-per-minute.
 */
public final class NarrativePlan {

    private NarrativePlan() {
    }

    public static PlanEstimate estimate(LlmSettings settings, CensusModel model, long seed, long personas) {
        NarrativePrompts prompts = NarrativePrompts.load(settings.promptVersion(), model, NarrativeContract.load());
        TokenEstimator estimator = new TokenEstimator(settings.charsPerToken(), prompts.expectedChars(),
                prompts.jsonCharsPerField(), settings.maxCompletionTokens());
        PersonaSampler sampler = new PersonaSampler(model, seed);
        int sample = Math.max(1, settings.plan().sample());
        long chars = 0;
        for (int i = 0; i < sample; i++) {
            Persona p = sampler.sample(i);
            chars += prompts.first(p, estimator).promptChars();
        }
        double meanChars = (double) chars / sample;
        double cpt = settings.charsPerToken();
        long promptPerCall = (long) Math.ceil(meanChars / cpt);
        long completionPerCall = estimator.expectedCompletionTokens(NarrativePrompts.ALL_FIELDS);

        LlmSettings.PlanAssumptions plan = settings.plan();
        double callsPerPersona = 1 + plan.repairShare();
        // A repair prompt restates the profile and quotes the failing text: about the size of a first prompt.
        double promptPerPersona = promptPerCall * callsPerPersona;
        double completionPerPersona = completionPerCall * (1 + plan.repairShare() * plan.repairSize());
        long calls = Math.round(personas * callsPerPersona);
        long promptTokens = Math.round(personas * promptPerPersona);
        long completionTokens = Math.round(personas * completionPerPersona);
        double cost = settings.pricing().costUsd(promptTokens, completionTokens);
        double costPerPersona = personas > 0 ? cost / personas : 0;
        double budget = settings.pricing().budgetUsd();
        long withinBudget = budget > 0 && costPerPersona > 0 ? Math.min(personas, (long) (budget / costPerPersona))
                : personas;

        double latency = Math.max(0.001, plan.expectedLatency().toMillis() / 1000.0);
        double byWorkers = settings.workers() / latency;
        double rpm = settings.totalLimits().requestsPerMinute();
        double tpm = settings.totalLimits().tokensPerMinute();
        double tokensPerCall = (promptPerPersona + completionPerPersona) / callsPerPersona;
        double byRequests = rpm > 0 ? rpm / 60.0 : Double.POSITIVE_INFINITY;
        double byTokens = tpm > 0 ? tpm / 60.0 / tokensPerCall : Double.POSITIVE_INFINITY;
        double rate = Math.min(byWorkers, Math.min(byRequests, byTokens));
        String binding = rate == byWorkers ? "workers" : rate == byRequests ? "requests-per-minute"
                : "tokens-per-minute";
        Duration wall = Duration.ofMillis((long) Math.ceil(calls / rate * 1000));
        return new PlanEstimate(settings, prompts.version(), personas, sample, meanChars, cpt, promptPerCall,
                completionPerCall, callsPerPersona, calls, promptTokens, completionTokens, cost, withinBudget, rate,
                byWorkers, byRequests, byTokens, binding, wall);
    }
}
