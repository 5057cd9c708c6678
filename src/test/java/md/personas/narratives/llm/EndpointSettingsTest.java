package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code personas.narratives.endpoints}: fallbacks to the single-endpoint keys, and one-line errors per entry. */
class EndpointSettingsTest {

    private static final String SINGLE = """
            provider = custom
            base-url = "http://main.example:8000/v1/"
            model = "qwen-main"
            api-key-env = "MAIN_KEY"
            workers = 24
            requests-per-minute = 600
            tokens-per-minute = 500000
            adaptive.min-concurrency = 4
            """;

    private static LlmSettings read(String endpoints) {
        return LlmSettings.fromConfig(ConfigFactory.parseString(SINGLE + "\n" + endpoints));
    }

    private static String refused(String endpoints) {
        return assertThrows(LlmConfigurationException.class, () -> read(endpoints)).getMessage();
    }

    @Test
    void missingKeysFallBackToTheSingleEndpointKeys() {
        LlmSettings s = read("""
                endpoints = [
                  { base-url = "http://gpu1:8000/v1", workers = 8 },
                  { model = "qwen-other", api-key-env = "OTHER_KEY", requests-per-minute = 60, tokens-per-minute = 0 }
                ]
                """);
        List<EndpointSettings> e = s.resolvedEndpoints();
        assertEquals(2, e.size());
        EndpointSettings first = e.get(0);
        assertEquals("http://gpu1:8000/v1", first.baseUrl());
        assertEquals("qwen-main", first.model());
        assertEquals("MAIN_KEY", first.apiKeyEnv());
        assertEquals(8, first.throttle().maxConcurrency());
        assertEquals(600, first.throttle().requestsPerMinute());
        assertEquals(500_000, first.throttle().tokensPerMinute());
        assertEquals(4, first.throttle().minConcurrency(), "adaptive settings are the single endpoint's");
        EndpointSettings second = e.get(1);
        assertEquals("http://main.example:8000/v1", second.baseUrl(), "the single base-url, trailing / dropped");
        assertEquals("qwen-other", second.model());
        assertEquals("OTHER_KEY", second.apiKeyEnv());
        assertEquals(24, second.throttle().maxConcurrency());
        assertEquals(60, second.throttle().requestsPerMinute());
        assertEquals(0, second.throttle().tokensPerMinute());
        assertEquals("0:gpu1:8000", first.label());
        assertEquals("1:main.example:8000", second.label());
        assertEquals(32, s.workers(), "the stage's parallelism is the sum of the endpoints' workers");
        assertEquals(660, s.totalLimits().requestsPerMinute(), "plan sees the run's total request rate");
        assertEquals(0, s.totalLimits().tokensPerMinute(), "one endpoint without a token limit: no total limit");
    }

    @Test
    void anEmptyOrAbsentListIsTheSingleEndpointAsToday() {
        for (String none : List.of("", "endpoints = []")) {
            LlmSettings s = read(none);
            assertTrue(s.endpoints().isEmpty());
            assertEquals(24, s.workers());
            List<EndpointSettings> e = s.resolvedEndpoints();
            assertEquals(1, e.size());
            assertEquals("http://main.example:8000/v1", e.get(0).baseUrl());
            assertEquals("qwen-main", e.get(0).model());
            assertEquals(s.throttle(), e.get(0).throttle());
        }
    }

    @Test
    void badEntriesAreRefusedWithOneLineNamingTheEntryAndTheKey() {
        String[][] cases = {
                {"endpoints = [ { workers = 8 }, { wrokers = 8 } ]", "personas.narratives.endpoints[1].wrokers",
                        "allowed: base-url"},
                {"endpoints = [ { workers = 0 } ]", "personas.narratives.endpoints[0].workers", "at least 1"},
                {"endpoints = [ { workers = lots } ]", "personas.narratives.endpoints[0].workers", "NUMBER"},
                {"endpoints = [ { base-url = \"gpu1:8000\" } ]", "personas.narratives.endpoints[0].base-url",
                        "not an http(s) URL"},
                {"endpoints = [ {}, { requests-per-minute = 0.001 } ]",
                        "personas.narratives.endpoints[1].requests-per-minute", "0 (no limit) or between"},
                {"endpoints = [ { tokens-per-minute = 5 } ]", "personas.narratives.endpoints[0].tokens-per-minute",
                        "0 (no limit) or between"},
                {"endpoints = [ { model = \"\" } ]", "personas.narratives.endpoints[0].model", "is required"},
                {"endpoints = [ \"http://gpu1:8000/v1\" ]", "personas.narratives.endpoints[0]", "must be an object"},
                {"endpoints = { base-url = \"http://gpu1/v1\" }", "personas.narratives.endpoints", "list of objects"},
                {"endpoints = [ { workers = 4 }, { workers = 8 } ]", "personas.narratives.endpoints[1] repeats "
                        + "personas.narratives.endpoints[0]", "counted twice"},
        };
        for (String[] c : cases) {
            String message = refused(c[0]);
            assertTrue(message.contains(c[1]) && message.contains(c[2]), c[0] + " -> " + message);
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void withEntriesTheSingleBaseUrlAndModelAreOnlyFallbacks() {
        LlmSettings s = LlmSettings.fromConfig(ConfigFactory.parseString("""
                provider = custom
                endpoints = [ { base-url = "http://gpu1:8000/v1", model = "a" },
                              { base-url = "http://gpu2:8000/v1", model = "b" } ]
                """));
        assertEquals(List.of("http://gpu1:8000/v1", "http://gpu2:8000/v1"),
                s.resolvedEndpoints().stream().map(EndpointSettings::baseUrl).toList());
        String message = assertThrows(LlmConfigurationException.class, () -> LlmSettings.fromConfig(
                ConfigFactory.parseString("""
                        provider = custom
                        endpoints = [ { base-url = "http://gpu1:8000/v1", model = "a" }, { model = "b" } ]
                        """))).getMessage();
        assertTrue(message.contains("personas.narratives.endpoints[1].base-url is required"), message);
    }

    @Test
    void everyEndpointsKeyVariableMustBeSetAndIsNamedNotShown() {
        LlmSettings s = read("""
                endpoints = [ { base-url = "http://gpu1:8000/v1" }, { api-key-env = "GPU2_KEY" } ]
                """);
        List<ApiKey> keys = s.requireApiKeys(Map.of("MAIN_KEY", "sk-main-0123456789", "GPU2_KEY", "sk-gpu2-987654"));
        assertEquals(2, keys.size());
        assertEquals("GPU2_KEY", keys.get(1).variable());
        String message = assertThrows(LlmConfigurationException.class,
                () -> s.requireApiKeys(Map.of("MAIN_KEY", "sk-main-0123456789"))).getMessage();
        assertTrue(message.contains("personas.narratives.endpoints[1].api-key-env") && message.contains("GPU2_KEY"),
                message);
        assertFalse(message.contains("sk-main"), message);
    }
}
