package md.personas.narratives.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.narratives.NarrativeStats;
import md.personas.narratives.throttle.ThrottleSnapshot;

/**
 * The LLM writer's running counters at one instant: for the run manifest ({@code run.json}), the stats file and the
 * status endpoint. Immutable; holds no secret.
 *
 * @param provider the provider id
 * @param model the model name
 * @param promptVersion the prompt version
 * @param written personas completed with a contract-compliant narrative
 * @param failed personas that failed (dead letters), budget refusals included
 * @param calls HTTP calls made
 * @param firstCalls first requests among them
 * @param repairCalls repair requests among them
 * @param retries calls repeated or repaired, by cause id (a fixed order)
 * @param promptTokens prompt tokens from {@code usage}
 * @param completionTokens completion tokens from {@code usage}
 * @param costUsd cost of the answered calls from their {@code usage} at the configured prices (calls that failed
 *                at the transport level are not counted: providers do not bill refused calls, and for a timed-out
 *                one the client cannot know)
 * @param budgetUsd the cap (0 = none)
 * @param reservedUsd reserved by calls in flight
 * @param budgetExhausted whether intake must stop
 * @param observedCharsPerToken prompt characters per token measured from {@code usage}
 * @param meanLatencyMillis mean time from sending a call to its complete answer, over answered calls
 * @param throttle concurrency, queue, circuit and rate limits (with several endpoints, their totals)
 * @param endpoints each endpoint's calls, tokens, cost, failures and throttle (one entry for the single endpoint)
 */
public record LlmStats(
        String provider,
        String model,
        String promptVersion,
        long written,
        long failed,
        long calls,
        long firstCalls,
        long repairCalls,
        Map<String, Long> retries,
        long promptTokens,
        long completionTokens,
        double costUsd,
        double budgetUsd,
        double reservedUsd,
        boolean budgetExhausted,
        double observedCharsPerToken,
        double meanLatencyMillis,
        ThrottleSnapshot throttle,
        List<EndpointStats> endpoints) {

    public LlmStats {
        retries = Collections.unmodifiableMap(new LinkedHashMap<>(retries));
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public long retries(RetryCause cause) {
        return retries.getOrDefault(cause.id(), 0L);
    }

    /** The counters the run records and the dashboard shows, this record itself as the detail. */
    public NarrativeStats summary() {
        return new NarrativeStats(promptTokens, completionTokens, costUsd, budgetUsd, calls, failed, retries,
                throttle.inFlight(), throttle.concurrencyLimit(), throttle.maxConcurrency(),
                throttle.requestsPerMinute(), throttle.tokensPerMinute(), this);
    }
}
