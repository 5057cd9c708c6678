package md.personas.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import md.personas.narratives.NarrativeStats;

/**
 * The narrative stage's counters as the status server shows them, from the writer's typed {@link NarrativeStats}:
 * tokens in and out, cost, calls in flight, the concurrency limit now, retries by cause, dead letters. Every value is
 * optional: the offline writer has no counters, so none is shown.
 *
 * @param raw the whole tree, shown as it is under {@code narrative} in {@code /status}; null when none
 */
public record NarrativeCounters(JsonNode raw, OptionalLong tokensIn, OptionalLong tokensOut, OptionalDouble costUsd,
                                OptionalDouble budgetUsd, OptionalLong inFlight, OptionalLong concurrencyLimit,
                                OptionalLong maxConcurrency, OptionalDouble requestsPerMinute,
                                OptionalDouble tokensPerMinute, OptionalLong calls, OptionalLong deadLetters,
                                Map<String, Long> retries) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public NarrativeCounters {
        retries = Map.copyOf(retries);
    }

    public static NarrativeCounters none() {
        return new NarrativeCounters(null, OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), Map.of());
    }

    /** The writer's counters as the dashboard shows them; none for a writer with nothing to count. */
    public static NarrativeCounters of(Optional<NarrativeStats> stats) {
        if (stats.isEmpty()) {
            return none();
        }
        NarrativeStats n = stats.get();
        JsonNode raw = n.detail() instanceof JsonNode tree ? tree : JSON.valueToTree(n.detail());
        return new NarrativeCounters(raw, OptionalLong.of(n.promptTokens()), OptionalLong.of(n.completionTokens()),
                OptionalDouble.of(n.costUsd()), OptionalDouble.of(n.budgetUsd()), OptionalLong.of(n.inFlight()),
                OptionalLong.of(n.concurrencyLimit()), OptionalLong.of(n.maxConcurrency()),
                OptionalDouble.of(n.requestsPerMinute()), OptionalDouble.of(n.tokensPerMinute()),
                OptionalLong.of(n.calls()), OptionalLong.of(n.failed()), n.retries());
    }

    public boolean present() {
        return raw != null;
    }

    public long retriesTotal() {
        return retries.values().stream().mapToLong(Long::longValue).sum();
    }
}
