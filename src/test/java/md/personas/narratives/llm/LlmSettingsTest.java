package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

    private static LlmSettings read(String hocon) {
        return LlmSettings.fromConfig(ConfigFactory.parseString(hocon));
    }

    @Test
    void theShippedConfigurationReads() {
        Config app = ConfigFactory.parseFile(Path.of("conf/application.conf").toFile()).resolve();
        LlmSettings s = LlmSettings.fromConfig(app.getConfig("personas.narratives"));
        assertEquals(Provider.DASHSCOPE, s.provider());
        assertEquals("https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions", s.endpoint());
        assertEquals("qwen-plus", s.model());
        assertEquals("DASHSCOPE_API_KEY", s.apiKeyEnv());
        assertEquals(ResponseFormat.JSON_OBJECT, s.responseFormat());
        assertEquals(128, s.workers());
        assertEquals(600, s.throttle().requestsPerMinute());
        assertEquals(1_000_000, s.throttle().tokensPerMinute());
        assertEquals(3, s.maxAttempts());
        assertEquals(Duration.ofSeconds(120), s.requestTimeout());
        assertEquals(400, s.pricing().budgetUsd());
        assertEquals(0.4, s.pricing().inputUsdPerMillion());
        assertEquals(1.2, s.pricing().outputUsdPerMillion());
        assertEquals("ro-2", s.promptVersion());
    }

    @Test
    void presetsAndOverrides() {
        LlmSettings openai = read("provider = openai");
        assertEquals("https://api.openai.com/v1/chat/completions", openai.endpoint());
        assertEquals("OPENAI_API_KEY", openai.apiKeyEnv());
        assertEquals(ResponseFormat.JSON_SCHEMA, openai.responseFormat());
        LlmSettings vllm = read("provider = vllm\nmodel = \"Qwen/Qwen2.5-7B-Instruct\"");
        assertEquals("http://127.0.0.1:8000/v1/chat/completions", vllm.endpoint());
        assertEquals("", vllm.apiKeyEnv(), "a local server needs no key");
        assertFalse(vllm.requireApiKey(Map.of()).present());
        LlmSettings ollama = read("provider = ollama\nmodel = \"qwen2.5:14b\"\nbase-url = \"http://gpu-box:11434/v1/\"");
        assertEquals("http://gpu-box:11434/v1/chat/completions", ollama.endpoint());
        assertEquals(0, ollama.pricing().inputUsdPerMillion());
        LlmSettings custom = read("""
                provider = dashscope
                api-key-env = MY_KEY
                prices { input-usd-per-million = 2, output-usd-per-million = 6 }
                response-format = none
                """);
        assertEquals("MY_KEY", custom.apiKeyEnv());
        assertEquals(2, custom.pricing().inputUsdPerMillion());
        assertEquals(ResponseFormat.NONE, custom.responseFormat());
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheKey() {
        assertMessage("provider = anthropic", "personas.narratives.provider 'anthropic' is unknown");
        assertMessage("provider = custom", "personas.narratives.base-url is required for provider custom");
        assertMessage("provider = vllm", "personas.narratives.model is required for provider vllm");
        assertMessage("base-url = \"ftp://x\"", "personas.narratives.base-url 'ftp://x' is not an http(s) URL");
        assertMessage("workers = 0", "workers must be at least 1");
        assertMessage("max-attempts = 0", "personas.narratives.max-attempts must be at least 1");
        assertMessage("workers = many", "personas.narratives: ");
        assertMessage("response-format = xml", "personas.narratives.response-format 'xml' is unknown");
    }

    private static void assertMessage(String hocon, String start) {
        LlmConfigurationException e = assertThrows(LlmConfigurationException.class, () -> read(hocon));
        assertTrue(e.getMessage().contains(start), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
