package md.personas.narratives.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import md.personas.narratives.throttle.ThrottleSettings;

/**
 * One entry of {@code personas.narratives.endpoints}: an OpenAI-compatible server with its own model, key and limits.
 * Keys an entry leaves out take the single-endpoint keys ({@code base-url}, {@code model}, {@code api-key-env},
 * {@code workers}, {@code requests-per-minute}, {@code tokens-per-minute}); the adaptive and outage settings are
 * always the single-endpoint ones. Holds the NAME of the key's environment variable, never the key.
 *
 * @param index the entry's position in the list, from 0 (named in errors and in {@link #label()})
 * @param baseUrl the API root
 * @param model the model name sent to this endpoint (and written to {@code narrative_model} of what it answers)
 * @param apiKeyEnv the environment variable holding this endpoint's key; empty when it needs none
 * @param throttle this endpoint's workers and rates, with the adaptive settings of the single endpoint
 */
public record EndpointSettings(int index, String baseUrl, String model, String apiKeyEnv, ThrottleSettings throttle) {

    /** The keys an entry may set. */
    static final List<String> KEYS = List.of("base-url", "model", "api-key-env", "workers", "requests-per-minute",
            "tokens-per-minute");

    public EndpointSettings {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * The name of this endpoint in logs, {@code /status}, {@code /metrics} and {@code run.json}: the index and the
     * host (with its port when the URL names one), e.g. {@code 1:api.example.com} — never a key or a path.
     */
    public String label() {
        URI uri = URI.create(baseUrl);
        return index + ":" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    /** The single endpoint's settings with this endpoint's URL, model, key variable and limits. */
    LlmSettings applyTo(LlmSettings single) {
        return single.forEndpoint(baseUrl, model, apiKeyEnv, throttle);
    }

    /**
     * Reads {@code endpoints} from the {@code personas.narratives} block; absent or empty gives an empty list (the
     * single endpoint).
     *
     * @param single the single-endpoint settings every entry falls back to
     * @throws LlmConfigurationException one line naming the entry's index and key
     */
    static List<EndpointSettings> fromConfig(Config narratives, LlmSettings single) {
        if (!narratives.hasPath("endpoints")) {
            return List.of();
        }
        ConfigValue value = narratives.getValue("endpoints");
        if (value.valueType() != ConfigValueType.LIST) {
            throw new LlmConfigurationException("personas.narratives.endpoints must be a list of objects, e.g. "
                    + "[{ base-url = \"http://gpu1:8000/v1\" }, { base-url = \"http://gpu2:8000/v1\" }]");
        }
        List<? extends ConfigValue> entries = narratives.getList("endpoints");
        List<EndpointSettings> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(entry(i, entries.get(i), single));
        }
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < i; j++) {
                EndpointSettings a = out.get(j);
                EndpointSettings b = out.get(i);
                if (a.baseUrl.equals(b.baseUrl) && a.model.equals(b.model) && a.apiKeyEnv.equals(b.apiKeyEnv)) {
                    throw new LlmConfigurationException(name(i, "") + " repeats " + name(j, "") + " (same base-url, "
                            + "model and api-key-env): its limits would be counted twice; remove one or give each "
                            + "its own key");
                }
            }
        }
        return List.copyOf(out);
    }

    private static EndpointSettings entry(int i, ConfigValue value, LlmSettings single) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new LlmConfigurationException(name(i, "") + " must be an object such as { base-url = \"...\", "
                    + "workers = 16 } (is " + value.valueType().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        Map<String, Object> raw = ((com.typesafe.config.ConfigObject) value).unwrapped();
        for (String key : raw.keySet()) {
            if (!KEYS.contains(key)) {
                throw new LlmConfigurationException(name(i, key) + " is not a key of an endpoint (allowed: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        Config c = ((com.typesafe.config.ConfigObject) value).toConfig();
        String key = "";
        try {
            key = "base-url";
            String baseUrl = c.hasPath(key) ? c.getString(key).trim() : single.baseUrl();
            if (baseUrl.isBlank()) {
                throw new LlmConfigurationException(name(i, key) + " is required: neither the entry nor "
                        + "personas.narratives.base-url names the server");
            }
            checkUrl(i, baseUrl);
            key = "model";
            String model = c.hasPath(key) ? c.getString(key).trim() : single.model();
            if (model.isBlank()) {
                throw new LlmConfigurationException(name(i, key) + " is required: neither the entry nor "
                        + "personas.narratives.model names the model the server serves");
            }
            key = "api-key-env";
            String keyEnv = c.hasPath(key) ? c.getString(key).trim() : single.apiKeyEnv();
            ThrottleSettings base = single.throttle();
            key = "workers";
            int workers = c.hasPath(key) ? c.getInt(key) : base.maxConcurrency();
            if (workers < 1) {
                throw new LlmConfigurationException(name(i, key) + " must be at least 1 (is " + workers + ")");
            }
            key = "requests-per-minute";
            double rpm = c.hasPath(key) ? ThrottleSettings.checkRate(name(i, key), c.getDouble(key),
                    ThrottleSettings.MIN_REQUESTS_PER_MINUTE) : base.requestsPerMinute();
            key = "tokens-per-minute";
            double tpm = c.hasPath(key) ? ThrottleSettings.checkRate(name(i, key), c.getDouble(key),
                    ThrottleSettings.MIN_TOKENS_PER_MINUTE) : base.tokensPerMinute();
            ThrottleSettings throttle = base.withMaxConcurrency(workers).withRequestsPerMinute(rpm)
                    .withTokensPerMinute(tpm);
            return new EndpointSettings(i, baseUrl, model, keyEnv, throttle);
        } catch (ConfigException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("invalid value");
            // Typesafe prefixes "String: 3: "; what follows names the problem.
            int colon = first.lastIndexOf(": ");
            throw new LlmConfigurationException(name(i, key) + ": " + (colon >= 0 ? first.substring(colon + 2)
                    : first));
        } catch (IllegalArgumentException e) {
            throw new LlmConfigurationException(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static void checkUrl(int i, String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !Set.of("http", "https").contains(uri.getScheme())) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new LlmConfigurationException(name(i, "base-url") + " '" + url + "' is not an http(s) URL, e.g. "
                    + "http://gpu1:8000/v1");
        }
    }

    /** {@code personas.narratives.endpoints[i].key}, the way an error names what to fix. */
    static String name(int i, String key) {
        return "personas.narratives.endpoints[" + i + "]" + (key.isEmpty() ? "" : "." + key);
    }
}
