package md.personas.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import md.personas.narratives.llm.EndpointStats;
import md.personas.narratives.llm.LlmStats;
import md.personas.narratives.throttle.ThrottleSnapshot;
import md.personas.run.RunProgress;
import org.junit.jupiter.api.Test;

/** Per-endpoint counters of the LLM writer in {@code /status} ({@code endpoints}) and {@code /metrics}. */
class EndpointReportingTest {

    private static RunProgress.Snapshot snapshot() {
        ThrottleSnapshot t0 = new ThrottleSnapshot(3, 0, 8, 8, 0, "CLOSED", 0, 120, 600, 0);
        ThrottleSnapshot t1 = new ThrottleSnapshot(0, 0, 4, 4, 1, "OPEN", 2, 40, 0, 0);
        List<EndpointStats> endpoints = List.of(
                new EndpointStats("0:gpu1.local:8000", "qwen", 120, 117, 3, 90_000, 200_000, 0.276, 1900, "up", t0),
                new EndpointStats("1:gpu2.local", "qwen", 40, 30, 10, 20_000, 50_000, 0.068, 2100, "out", t1));
        LlmStats stats = new LlmStats("custom", "qwen", "ro-2", 140, 0, 160, 150, 10, Map.of(), 110_000, 250_000,
                0.344, 0, 0, false, 3.2, 1950, new ThrottleSnapshot(3, 5, 12, 12, 1, "PARTLY_OPEN", 2, 160, 600, 0),
                endpoints);
        return new RunProgress.Snapshot(RunProgress.Phase.STREAMING, 1000, 0, 140, 0, Instant.now(), 2.0, 430, null,
                List.of(), java.util.Optional.of(stats.summary()));
    }

    @Test
    void statusListsEveryEndpointWithItsCounters() {
        RunProgress.Snapshot s = snapshot();
        JsonNode status = StatusReport.of(s, NarrativeCounters.of(s.narrativeStats()), List.of(), Instant.now());
        JsonNode endpoints = status.get("endpoints");
        assertEquals(2, endpoints.size());
        assertEquals("1:gpu2.local", endpoints.get(1).get("endpoint").asText());
        assertEquals("out", endpoints.get(1).get("state").asText());
        assertEquals(10, endpoints.get(1).get("failures").asLong());
        assertEquals(90_000, endpoints.get(0).get("tokens_in").asLong());
        assertEquals(0.276, endpoints.get(0).get("cost_usd").asDouble(), 1e-12);
        assertEquals(3, endpoints.get(0).get("in_flight").asLong());
        assertEquals(160, status.get("calls").asLong(), "the run's totals stay as they were");
    }

    @Test
    void metricsHaveOneSeriesPerEndpointLabelledByIndexAndHost() {
        RunProgress.Snapshot s = snapshot();
        String metrics = PrometheusExposition.render(s, NarrativeCounters.of(s.narrativeStats()));
        assertTrue(metrics.contains("# TYPE moldova_personas_llm_endpoint_calls_total counter\n"), metrics);
        assertTrue(metrics.contains("moldova_personas_llm_endpoint_calls_total{endpoint=\"0:gpu1.local:8000\"} 120\n"));
        assertTrue(metrics.contains("moldova_personas_llm_endpoint_failures_total{endpoint=\"1:gpu2.local\"} 10\n"));
        assertTrue(metrics.contains(
                "moldova_personas_llm_endpoint_tokens_total{endpoint=\"1:gpu2.local\",direction=\"out\"} 50000\n"));
        assertTrue(metrics.contains("moldova_personas_llm_endpoint_cost_usd_total{endpoint=\"0:gpu1.local:8000\"} "
                + "0.276\n"));
        assertTrue(metrics.contains("moldova_personas_llm_endpoint_up{endpoint=\"0:gpu1.local:8000\"} 1\n"));
        assertTrue(metrics.contains("moldova_personas_llm_endpoint_up{endpoint=\"1:gpu2.local\"} 0\n"));
        assertEquals(1, metrics.lines().filter(l -> l.equals("# TYPE moldova_personas_llm_endpoint_up gauge")).count());
    }

    @Test
    void anOfflineRunHasNoEndpoints() {
        RunProgress.Snapshot s = new RunProgress.Snapshot(RunProgress.Phase.STREAMING, 10, 0, 1, 0, Instant.now(), 1,
                9, null, List.of(), null);
        assertEquals(0, StatusReport.of(s, NarrativeCounters.none(), List.of(), Instant.now()).get("endpoints")
                .size());
        assertFalse(PrometheusExposition.render(s, NarrativeCounters.none()).contains("llm_endpoint"));
    }
}
