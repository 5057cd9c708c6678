package md.personas.narratives.llm;

import java.util.Locale;

/**
 * Presets of the OpenAI-compatible providers the project knows: where they listen, which environment variable
 * holds the key, a default model, the structured-output mode they support and their list prices. Every preset
 * value can be overridden in {@code personas.narratives}.
 *
 * <p>Prices are USD per million tokens as published by the providers in 2025 for the default model; check them
 * against the current price list before a large run (they only feed the cost counter, the budget cap and
 * {@code plan}).
 */
public enum Provider {
    /** Alibaba Cloud Model Studio (Qwen), OpenAI-compatible mode, international endpoint. */
    DASHSCOPE("dashscope", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", "qwen-plus",
            ResponseFormat.JSON_OBJECT, 0.4, 1.2),
    OPENAI("openai", "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4o-mini", ResponseFormat.JSON_SCHEMA, 0.15,
            0.6),
    /** A self-hosted vLLM server; it needs a key only when started with {@code --api-key}. */
    VLLM("vllm", "http://127.0.0.1:8000/v1", "", "", ResponseFormat.JSON_SCHEMA, 0, 0),
    /** A local Ollama server (its OpenAI-compatible endpoint); no key. */
    OLLAMA("ollama", "http://127.0.0.1:11434/v1", "", "", ResponseFormat.JSON_OBJECT, 0, 0),
    /** Any other OpenAI-compatible endpoint: {@code base-url} and {@code model} are required. */
    CUSTOM("custom", "", "", "", ResponseFormat.JSON_OBJECT, 0, 0);

    private final String id;
    private final String baseUrl;
    private final String apiKeyEnv;
    private final String model;
    private final ResponseFormat responseFormat;
    private final double inputUsdPerMillion;
    private final double outputUsdPerMillion;

    Provider(String id, String baseUrl, String apiKeyEnv, String model, ResponseFormat responseFormat,
             double inputUsdPerMillion, double outputUsdPerMillion) {
        this.id = id;
        this.baseUrl = baseUrl;
        this.apiKeyEnv = apiKeyEnv;
        this.model = model;
        this.responseFormat = responseFormat;
        this.inputUsdPerMillion = inputUsdPerMillion;
        this.outputUsdPerMillion = outputUsdPerMillion;
    }

    public String id() {
        return id;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The environment variable that holds the key; empty when the provider needs none. */
    public String apiKeyEnv() {
        return apiKeyEnv;
    }

    public String model() {
        return model;
    }

    public ResponseFormat responseFormat() {
        return responseFormat;
    }

    public double inputUsdPerMillion() {
        return inputUsdPerMillion;
    }

    public double outputUsdPerMillion() {
        return outputUsdPerMillion;
    }

    public static Provider fromId(String id) {
        for (Provider p : values()) {
            if (p.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new LlmConfigurationException("personas.narratives.provider '" + id
                + "' is unknown; use dashscope, openai, vllm, ollama or custom");
    }
}
