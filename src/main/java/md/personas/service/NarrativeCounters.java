package md.personas.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The narrative stage's counters as the status server shows them, read generically from whatever object
 * {@code RunProgress.narrativeStats} supplies (the LLM writer's stats record, turned into a JSON tree by Jackson):
 * tokens in and out, cost, calls in flight, the concurrency limit now, retries by cause, dead letters. Every value is
 * optional: the offline writer supplies nothing, and a field the stats do not have is simply not shown.
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

    /** Reads a stats object of any shape; null, or one Jackson cannot serialise, gives {@link #none()}. */
    public static NarrativeCounters of(Object stats) {
        if (stats == null) {
            return none();
        }
        JsonNode tree;
        try {
            tree = stats instanceof JsonNode n ? n : JSON.valueToTree(stats);
        } catch (IllegalArgumentException e) {
            return none();
        }
        if (tree == null || !tree.isObject()) {
            return none();
        }
        Map<String, Long> retries = new LinkedHashMap<>();
        find(tree, "retries", "retriesByCause", "retries_by_cause").filter(JsonNode::isObject).ifPresent(r -> {
            for (Map.Entry<String, JsonNode> e : r.properties()) {
                if (e.getValue().isNumber()) {
                    retries.put(e.getKey(), e.getValue().longValue());
                }
            }
        });
        return new NarrativeCounters(tree,
                whole(tree, "promptTokens", "tokensIn", "inputTokens", "prompt_tokens", "tokens_in"),
                whole(tree, "completionTokens", "tokensOut", "outputTokens", "completion_tokens", "tokens_out"),
                real(tree, "costUsd", "cost", "cost_usd"),
                real(tree, "budgetUsd", "budget_usd"),
                whole(tree, "inFlight", "in_flight"),
                whole(tree, "concurrencyLimit", "concurrency_limit"),
                whole(tree, "maxConcurrency", "max_concurrency", "workers"),
                real(tree, "requestsPerMinute", "requests_per_minute"),
                real(tree, "tokensPerMinute", "tokens_per_minute"),
                whole(tree, "calls"),
                whole(tree, "failed", "deadLetters", "dead_letters"),
                retries);
    }

    public boolean present() {
        return raw != null;
    }

    public long retriesTotal() {
        return retries.values().stream().mapToLong(Long::longValue).sum();
    }

    private static OptionalLong whole(JsonNode tree, String... names) {
        return find(tree, names).filter(JsonNode::isNumber).map(n -> OptionalLong.of(n.longValue()))
                .orElse(OptionalLong.empty());
    }

    private static OptionalDouble real(JsonNode tree, String... names) {
        return find(tree, names).filter(JsonNode::isNumber).map(n -> OptionalDouble.of(n.doubleValue()))
                .orElse(OptionalDouble.empty());
    }

    /** The first of {@code names} at the top level, else inside an object one level down (e.g. {@code throttle}). */
    private static Optional<JsonNode> find(JsonNode tree, String... names) {
        for (String name : names) {
            if (tree.has(name)) {
                return Optional.of(tree.get(name));
            }
        }
        for (Iterator<JsonNode> children = tree.elements(); children.hasNext(); ) {
            JsonNode child = children.next();
            if (child.isObject()) {
                for (String name : names) {
                    if (child.has(name)) {
                        return Optional.of(child.get(name));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
