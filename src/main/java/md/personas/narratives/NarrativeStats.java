package md.personas.narratives;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A narrative writer's counters at one instant, typed: what {@code run.json} records (tokens and cost carried across
 * resumes) and what the live dashboard shows. Writers with nothing to count (offline, structured-only) have none.
 *
 * @param promptTokens prompt tokens used
 * @param completionTokens completion tokens used
 * @param costUsd cost so far
 * @param budgetUsd the cap (0 = none)
 * @param calls calls made
 * @param failed personas that failed (dead letters)
 * @param retries calls repeated or repaired, by cause id
 * @param inFlight calls in flight now
 * @param concurrencyLimit the adaptive concurrency limit now
 * @param maxConcurrency the concurrency ceiling ({@code workers})
 * @param requestsPerMinute the request-rate limit now (0 = none)
 * @param tokensPerMinute the token-rate limit now (0 = none)
 * @param detail the writer's own full statistics record, shown as it is under {@code narrative} in {@code /status}
 */
public record NarrativeStats(long promptTokens, long completionTokens, double costUsd, double budgetUsd, long calls,
                             long failed, Map<String, Long> retries, int inFlight, int concurrencyLimit,
                             int maxConcurrency, double requestsPerMinute, double tokensPerMinute, Object detail) {

    public NarrativeStats {
        retries = Collections.unmodifiableMap(new LinkedHashMap<>(retries));
    }
}
