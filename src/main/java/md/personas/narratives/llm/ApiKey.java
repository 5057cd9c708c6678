package md.personas.narratives.llm;

import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The provider's API key, read from the environment variable that {@code api-key-env} names. It leaves this class
 * only as the value of an {@code Authorization} header: {@link #toString()} hides it, {@link #redact(String)}
 * scrubs it from any text (a provider's error message, an exception) before that text reaches a log or a reason,
 * and {@link #foundIn(CharSequence)} finds it in an answer before the answer can be written.
 */
public final class ApiKey {

    private static final ApiKey NONE = new ApiKey("", "");

    /** Keys shorter than this ("EMPTY", "none" for a local server) are only matched exactly: as words they occur. */
    private static final int MIN_SEARCHED = 8;

    private final String value;
    private final String variable;
    private final KeyForms forms;

    private ApiKey(String value, String variable) {
        this.value = value;
        this.variable = variable;
        this.forms = new KeyForms(value.length() >= MIN_SEARCHED ? value : "");
    }

    /** No key: a local server (vLLM without {@code --api-key}, Ollama). */
    public static ApiKey none() {
        return NONE;
    }

    /**
     * The key held by {@code variable} in {@code env}; {@link #none()} when {@code variable} is empty.
     *
     * @throws LlmConfigurationException naming the variable when it is not set or empty
     */
    public static ApiKey fromEnvironment(String variable, Map<String, String> env) {
        if (variable == null || variable.isBlank()) {
            return NONE;
        }
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            throw new LlmConfigurationException("environment variable " + variable
                    + " is not set: --narratives llm needs the provider's API key in it"
                    + " (personas.narratives.api-key-env names the variable)");
        }
        return new ApiKey(v.trim(), variable);
    }

    public boolean present() {
        return !value.isEmpty();
    }

    /** The name of the environment variable it came from (safe to print). */
    public String variable() {
        return variable;
    }

    Optional<HttpHeader> authorization() {
        return present() ? Optional.of(RawHeader.create("Authorization", "Bearer " + value)) : Optional.empty();
    }

    /**
     * The text with every occurrence of the key replaced by {@code ***}: as is, in any letter case, base64 or
     * base64url, or any {@value KeyForms#WINDOW} characters of it ({@link KeyForms}).
     */
    public String redact(String text) {
        if (text == null || !present()) {
            return text;
        }
        return forms.redact(text.replace(value, "***"));
    }

    /** Whether the text holds the key in any form {@link #redact(String)} removes. */
    public boolean foundIn(CharSequence text) {
        if (text == null || !present()) {
            return false;
        }
        return value.length() >= MIN_SEARCHED ? forms.foundIn(text) : text.toString().contains(value);
    }

    @Override
    public String toString() {
        return present() ? "ApiKey[" + variable + "=***]" : "ApiKey[none]";
    }
}
