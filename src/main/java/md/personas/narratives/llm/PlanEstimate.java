package md.personas.narratives.llm;

import java.time.Duration;
import java.util.Locale;

/**
 * What a run of {@code personas} LLM narratives will take, predicted by {@link NarrativePlan}.
 *
 * @param sampled personas whose prompts were built and measured
 * @param meanPromptChars mean characters of a first request (system + user message)
 * @param charsPerToken the ratio used for every token figure
 * @param promptTokensPerCall prompt tokens of a first request
 * @param completionTokensPerCall completion tokens of a full answer
 * @param callsPerPersona 1 + the assumed share of personas needing a repair
 * @param calls total calls
 * @param promptTokens total prompt tokens
 * @param completionTokens total completion tokens
 * @param costUsd total cost at the configured prices
 * @param personasWithinBudget personas the budget pays for (all of them when there is no cap or it suffices)
 * @param callsPerSecond the sustainable call rate: the least of the three limits below
 * @param callsPerSecondByWorkers workers / expected latency
 * @param callsPerSecondByRequests requests-per-minute / 60 (infinite when unlimited)
 * @param callsPerSecondByTokens tokens-per-minute / 60 / tokens per call (infinite when unlimited)
 * @param bindingLimit which of them binds: workers, requests-per-minute or tokens-per-minute
 * @param wallTime predicted duration of the narrative stage
 */
public record PlanEstimate(
        LlmSettings settings,
        String promptVersion,
        long personas,
        int sampled,
        double meanPromptChars,
        double charsPerToken,
        long promptTokensPerCall,
        long completionTokensPerCall,
        double callsPerPersona,
        long calls,
        long promptTokens,
        long completionTokens,
        double costUsd,
        long personasWithinBudget,
        double callsPerSecond,
        double callsPerSecondByWorkers,
        double callsPerSecondByRequests,
        double callsPerSecondByTokens,
        String bindingLimit,
        Duration wallTime) {

    /** A printable plan for {@code ops/moldova-personas plan}. */
    public String summary() {
        LlmSettings s = settings;
        StringBuilder out = new StringBuilder();
        out.append(f("LLM narrative plan for %,d personas: %s, model %s, prompt %s%n", personas, s.provider().id(),
                s.model(), promptVersion));
        out.append(f("  prompt      %,.0f characters on average over %d sampled personas = %,d tokens at %.1f"
                + " characters per token%n", meanPromptChars, sampled, promptTokensPerCall, charsPerToken));
        out.append(f("  answer      %,d tokens for all narrative fields (the contract's target lengths)%n",
                completionTokensPerCall));
        out.append(f("  calls       %,d (%.2f per persona: %.0f%% assumed to need one repair of %.0f%% the size)%n",
                calls, callsPerPersona, s.plan().repairShare() * 100, s.plan().repairSize() * 100));
        out.append(f("  tokens      %s prompt + %s completion = %s%n", millions(promptTokens),
                millions(completionTokens), millions(promptTokens + completionTokens)));
        out.append(f("  cost        %,.2f USD at %.3f / %.3f USD per million prompt / completion tokens%n", costUsd,
                s.pricing().inputUsdPerMillion(), s.pricing().outputUsdPerMillion()));
        if (s.pricing().budgetUsd() > 0) {
            out.append(personasWithinBudget >= personas
                    ? f("  budget      %,.2f USD: enough%n", s.pricing().budgetUsd())
                    : f("  budget      %,.2f USD: stops after about %,d personas (budget-usd)%n",
                            s.pricing().budgetUsd(), personasWithinBudget));
        } else {
            out.append("  budget      none (budget-usd = 0)\n");
        }
        out.append(f("  throughput  %.2f calls/s, bound by %s: workers %d / %.0f s latency = %.2f/s; %s; %s%n",
                callsPerSecond, bindingLimit, s.workers(), s.plan().expectedLatency().toMillis() / 1000.0,
                callsPerSecondByWorkers, rate("requests-per-minute", s.totalLimits().requestsPerMinute(),
                        callsPerSecondByRequests), rate("tokens-per-minute", s.totalLimits().tokensPerMinute(),
                        callsPerSecondByTokens)));
        out.append(f("  wall time   %s for the narrative stage (%,.0f personas per hour)%n", human(wallTime),
                callsPerSecond / callsPerPersona * 3600));
        double rateLimit = Math.min(callsPerSecondByRequests, callsPerSecondByTokens);
        if (bindingLimit.equals("workers") && Double.isFinite(rateLimit)) {
            long needed = (long) Math.ceil(rateLimit * s.plan().expectedLatency().toMillis() / 1000.0);
            out.append(f("  hint        about %d workers would reach the %s limit%n", needed,
                    callsPerSecondByTokens < callsPerSecondByRequests ? "tokens-per-minute" : "requests-per-minute"));
        }
        return out.toString();
    }

    private static String rate(String key, double limit, double callsPerSecond) {
        return limit > 0 ? f("%s %,.0f = %.2f/s", key, limit, callsPerSecond) : key + " unlimited";
    }

    private static String millions(long tokens) {
        return f("%.1f M", tokens / 1e6);
    }

    static String human(Duration d) {
        long minutes = Math.max(1, Math.round(d.toSeconds() / 60.0));
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours >= 48 ? f("%d d %d h", hours / 24, hours % 24) : f("%d h %02d min", hours, minutes % 60);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
