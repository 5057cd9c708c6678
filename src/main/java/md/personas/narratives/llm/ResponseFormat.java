package md.personas.narratives.llm;

import java.util.Locale;

/** How the request asks for JSON: the provider's structured-output mode, or only the prompt's instructions. */
public enum ResponseFormat {
    /** {@code response_format: {type: json_schema}} with the schema of the requested fields (OpenAI, vLLM). */
    JSON_SCHEMA("json_schema"),
    /** {@code response_format: {type: json_object}} (DashScope, Ollama); the prompt names the keys. */
    JSON_OBJECT("json_object"),
    /** No {@code response_format}; the reply is parsed robustly (code fences, prose around the object). */
    NONE("none");

    private final String id;

    ResponseFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** {@code auto} (or empty) means the provider's preset. */
    static ResponseFormat fromId(String id, Provider provider) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("auto")) {
            return provider.responseFormat();
        }
        for (ResponseFormat f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        throw new LlmConfigurationException("personas.narratives.response-format '" + id
                + "' is unknown; use auto, json_schema, json_object or none");
    }
}
