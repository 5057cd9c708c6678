package md.personas.narratives.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import md.personas.narratives.throttle.ThrottleSettings;

/**
 * Everything the LLM narrative stage is configured with, read once from {@code personas.narratives} (README, "Configuration").
 * Immutable; the throttle's limits can later be swapped at run time through
 * {@link LlmNarrativeWriter#updateLimits(ThrottleSettings)}. Holds the NAME of the key's environment variable,
 * never the key.
 *
 * @param provider preset of endpoint, key variable, model, JSON mode and prices
 * @param baseUrl the API root; calls go to {@code baseUrl + "/chat/completions"}
 * @param model the model name sent with every call and written to {@code narrative_model}
 * @param apiKeyEnv the environment variable holding the key; empty when the provider needs none
 * @param responseFormat how JSON is asked for
 * @param temperature sampling temperature
 * @param maxCompletionTokens {@code max_tokens} of a first request; repairs ask for less
 * @param promptVersion the prompt resource {@code narratives/llm/prompt-<version>.conf}; also {@code prompt_version}
 * @param charsPerToken characters of Romanian text per token, to estimate tokens before the provider counts them
 * @param maxAttempts answers judged against the contract per persona (the first and its repairs)
 * @param maxTransportRetries failed calls (429, 5xx, timeouts, dropped connections) a persona may retry while the
 *                            provider is otherwise healthy; failures during a shared outage pause do not count
 * @param requestTimeout time allowed for one call, response body included
 * @param backoffMin first retry delay of a persona after a transport failure (doubles each time, with jitter)
 * @param backoffMax longest retry delay
 * @param giveUpAfter {@code outage.give-up-after}: when the provider has given no usable answer for this long, intake
 *                    stops and the run ends (exit 1), leaving the personas in flight for {@code --resume}
 * @param throttle workers, request and token rates, adaptive concurrency and the shared pause
 * @param pricing prices per million tokens and the budget cap
 * @param plan assumptions of {@code plan}
 * @param endpoints {@code endpoints}: several servers to share the work, each with its own limits; empty means the
 *                  single endpoint above ({@link EndpointSettings})
 */
public record LlmSettings(
        Provider provider,
        String baseUrl,
        String model,
        String apiKeyEnv,
        ResponseFormat responseFormat,
        double temperature,
        int maxCompletionTokens,
        String promptVersion,
        double charsPerToken,
        int maxAttempts,
        int maxTransportRetries,
        Duration requestTimeout,
        Duration backoffMin,
        Duration backoffMax,
        Duration giveUpAfter,
        ThrottleSettings throttle,
        Pricing pricing,
        PlanAssumptions plan,
        List<EndpointSettings> endpoints) {

    /**
     * Prices in USD per million tokens and the spending cap.
     *
     * @param budgetUsd stop intake once this much is spent or reserved; 0 or less means no cap
     */
    public record Pricing(double inputUsdPerMillion, double outputUsdPerMillion, double budgetUsd) {

        public double costUsd(long promptTokens, long completionTokens) {
            return (promptTokens * inputUsdPerMillion + completionTokens * outputUsdPerMillion) / 1e6;
        }
    }

    /**
     * What {@code plan} assumes beyond the measured prompt sizes.
     *
     * @param sample personas sampled to measure real prompt sizes
     * @param expectedLatency latency of one call (a full answer of about 1,800 tokens)
     * @param repairShare share of personas that need one repair call
     * @param repairSize size of a repair's answer relative to a full answer
     */
    public record PlanAssumptions(int sample, Duration expectedLatency, double repairShare, double repairSize) { }

    /** The defaults of {@code personas.narratives}: the bundled reference.conf, the one place defaults live. */
    private static final Config REFERENCE = ConfigFactory.defaultReference().getConfig("personas.narratives");

    public LlmSettings {
        if (maxAttempts < 1) {
            throw new LlmConfigurationException("personas.narratives.max-attempts must be at least 1");
        }
        if (!(charsPerToken > 0)) {
            throw new LlmConfigurationException("personas.narratives.chars-per-token must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new LlmConfigurationException("personas.narratives.request-timeout must be positive");
        }
        if (maxTransportRetries < 0) {
            throw new LlmConfigurationException("personas.narratives.retry.max-transport-retries must be 0 or more"
                    + " (0 = no transport retries), not " + maxTransportRetries);
        }
        if (giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new LlmConfigurationException("personas.narratives.outage.give-up-after must be positive, e.g. 30m"
                    + " (is " + giveUpAfter + ")");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** {@code workers}: the most calls in flight; with several endpoints, the sum of theirs. */
    public int workers() {
        return endpoints.isEmpty() ? throttle.maxConcurrency()
                : endpoints.stream().mapToInt(e -> e.throttle().maxConcurrency()).sum();
    }

    /** The run's limits: those of the single endpoint, or the endpoints' workers and rates summed. */
    public ThrottleSettings totalLimits() {
        return EndpointLimits.total(resolvedEndpoints().stream().map(EndpointSettings::throttle).toList());
    }

    /** The endpoints of the run: those of {@code endpoints}, or the single endpoint as entry 0. */
    public List<EndpointSettings> resolvedEndpoints() {
        return endpoints.isEmpty() ? List.of(new EndpointSettings(0, baseUrl, model, apiKeyEnv, throttle))
                : endpoints;
    }

    /** These settings for one endpoint: its URL, model, key variable and limits, and no endpoint list. */
    LlmSettings forEndpoint(String url, String endpointModel, String keyEnv, ThrottleSettings limits) {
        return copy(url, endpointModel, keyEnv, limits, pricing, List.of());
    }

    /** The URL of the chat-completions endpoint. */
    public String endpoint() {
        return baseUrl + "/chat/completions";
    }

    /**
     * Reads {@code personas.narratives} ({@code block} is that block). Absent keys take their default from the
     * bundled {@code reference.conf}; an empty base-url, model or api-key-env and absent prices take the provider's
     * preset.
     *
     * @throws LlmConfigurationException one line naming the offending key
     */
    public static LlmSettings fromConfig(Config block) {
        try {
            Config c = block.withFallback(REFERENCE);
            Provider provider = Provider.fromId(c.getString("provider"));
            String baseUrl = orPreset(c.getString("base-url"), provider.baseUrl());
            String model = orPreset(c.getString("model"), provider.model());
            String keyEnv = c.hasPath("api-key-env") && !c.getString("api-key-env").isBlank()
                    ? c.getString("api-key-env").trim() : provider.apiKeyEnv();
            // With endpoints, the single base-url and model are only what entries fall back to.
            boolean entries = c.hasPath("endpoints") && c.getValue("endpoints").valueType()
                    == com.typesafe.config.ConfigValueType.LIST && !c.getList("endpoints").isEmpty();
            if (baseUrl.isBlank() && !entries) {
                throw new LlmConfigurationException("personas.narratives.base-url is required for provider "
                        + provider.id());
            }
            if (!baseUrl.isBlank() || !entries) {
                checkUrl(baseUrl);
            }
            if (model.isBlank() && !entries) {
                throw new LlmConfigurationException("personas.narratives.model is required for provider "
                        + provider.id() + " (the model name the server serves)");
            }
            ThrottleSettings throttle = ThrottleSettings.fromConfig(c);
            Pricing pricing = new Pricing(
                    number(c, "prices.input-usd-per-million", provider.inputUsdPerMillion()),
                    number(c, "prices.output-usd-per-million", provider.outputUsdPerMillion()),
                    c.getDouble("budget-usd"));
            PlanAssumptions plan = new PlanAssumptions(
                    c.getInt("plan.sample"),
                    c.getDuration("plan.expected-latency"),
                    c.getDouble("plan.repair-share"),
                    c.getDouble("plan.repair-size"));
            LlmSettings single = new LlmSettings(provider, baseUrl, model, keyEnv,
                    ResponseFormat.fromId(c.getString("response-format"), provider),
                    c.getDouble("temperature"),
                    c.getInt("max-completion-tokens"),
                    c.getString("prompt-version"),
                    c.getDouble("chars-per-token"),
                    c.getInt("max-attempts"),
                    c.getInt("retry.max-transport-retries"),
                    c.getDuration("request-timeout"),
                    c.getDuration("retry.backoff-min"),
                    c.getDuration("retry.backoff-max"),
                    c.getDuration("outage.give-up-after"),
                    throttle, pricing, plan, List.of());
            List<EndpointSettings> endpoints = EndpointSettings.fromConfig(c, single);
            return endpoints.isEmpty() ? single : single.withEndpoints(endpoints);
        } catch (ConfigException e) {
            throw new LlmConfigurationException("personas.narratives: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new LlmConfigurationException("personas.narratives: " + firstLine(e.getMessage()));
        }
    }

    /**
     * The check the command line runs before anything starts when {@code --narratives llm} is asked for: the key's
     * environment variable is set (when the provider needs one).
     *
     * @throws LlmConfigurationException one line naming the variable, never its value
     */
    public ApiKey requireApiKey(Map<String, String> env) {
        return requireApiKeys(env).get(0);
    }

    /**
     * The key of every endpoint of {@link #resolvedEndpoints()}, in order.
     *
     * @throws LlmConfigurationException one line naming the endpoint and its variable, never a value
     */
    public List<ApiKey> requireApiKeys(Map<String, String> env) {
        if (endpoints.isEmpty()) {
            return List.of(ApiKey.fromEnvironment(apiKeyEnv, env));
        }
        List<ApiKey> keys = new java.util.ArrayList<>();
        for (EndpointSettings e : endpoints) {
            try {
                keys.add(ApiKey.fromEnvironment(e.apiKeyEnv(), env));
            } catch (LlmConfigurationException missing) {
                throw new LlmConfigurationException(EndpointSettings.name(e.index(), "api-key-env") + ": "
                        + missing.getMessage());
            }
        }
        return List.copyOf(keys);
    }

    public LlmSettings withEndpoints(List<EndpointSettings> newEndpoints) {
        return copy(baseUrl, model, apiKeyEnv, throttle, pricing, newEndpoints);
    }

    public LlmSettings withThrottle(ThrottleSettings newThrottle) {
        return copy(baseUrl, model, apiKeyEnv, newThrottle, pricing, endpoints);
    }

    public LlmSettings withPricing(Pricing newPricing) {
        return copy(baseUrl, model, apiKeyEnv, throttle, newPricing, endpoints);
    }

    /** This with the parts a copy may change (where to call, and the limits and prices) replaced. */
    private LlmSettings copy(String url, String endpointModel, String keyEnv, ThrottleSettings limits,
                             Pricing prices, List<EndpointSettings> entries) {
        return new LlmSettings(provider, url, endpointModel, keyEnv, responseFormat, temperature, maxCompletionTokens,
                promptVersion, charsPerToken, maxAttempts, maxTransportRetries, requestTimeout, backoffMin,
                backoffMax, giveUpAfter, limits, prices, plan, entries);
    }

    private static void checkUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new LlmConfigurationException("personas.narratives.base-url '" + url
                    + "' is not an http(s) URL");
        }
    }

    private static String orPreset(String value, String preset) {
        return value.isBlank() ? preset : value.trim();
    }

    /** A price: absent means the provider's preset. */
    private static double number(Config c, String key, double preset) {
        return c.hasPath(key) ? c.getDouble(key) : preset;
    }

    private static String firstLine(String s) {
        return s == null ? "invalid value" : s.lines().findFirst().orElse(s);
    }
}
