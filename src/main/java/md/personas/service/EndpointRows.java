package md.personas.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import md.personas.narratives.llm.EndpointStats;

/**
 * The LLM writer's per-endpoint counters ({@link EndpointStats}), read from the narrative stats the status server
 * gets, for the {@code endpoints} list of {@code /status} and the {@code llm_endpoint_*} families of
 * {@code /metrics}. Empty for an offline run.
 */
final class EndpointRows {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EndpointRows() {
    }

    /** The endpoints in the narrative stats' tree ({@code endpoints}); empty when there are none. */
    static List<EndpointStats> of(NarrativeCounters llm) {
        JsonNode raw = llm.raw();
        if (raw == null || !raw.path("endpoints").isArray()) {
            return List.of();
        }
        List<EndpointStats> out = new ArrayList<>();
        for (JsonNode e : raw.get("endpoints")) {
            try {
                out.add(JSON.treeToValue(e, EndpointStats.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException bad) {
                return List.of(); // not the writer's shape: show nothing rather than something wrong
            }
        }
        return out;
    }

    /** The {@code /status} list: one object per endpoint, snake_case like the rest of the report. */
    static ArrayNode status(List<EndpointStats> endpoints) {
        ArrayNode list = JSON.createArrayNode();
        for (EndpointStats e : endpoints) {
            ObjectNode o = list.addObject();
            o.put("endpoint", e.endpoint());
            o.put("model", e.model());
            o.put("state", e.state());
            o.put("calls", e.calls());
            o.put("answered", e.answered());
            o.put("failures", e.failures());
            o.put("tokens_in", e.promptTokens());
            o.put("tokens_out", e.completionTokens());
            o.put("cost_usd", e.costUsd());
            o.put("mean_latency_ms", e.meanLatencyMillis());
            if (e.throttle() != null) {
                o.put("in_flight", e.throttle().inFlight());
                o.put("concurrency_limit", e.throttle().concurrencyLimit());
                o.put("max_concurrency", e.throttle().maxConcurrency());
                o.put("circuit", e.throttle().circuit());
                o.put("requests_per_minute", e.throttle().requestsPerMinute());
                o.put("tokens_per_minute", e.throttle().tokensPerMinute());
            }
        }
        return list;
    }
}
