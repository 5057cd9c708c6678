package md.personas.narratives.llm;

/**
 * A configuration problem of the LLM narrative stage, found before anything starts: a missing API key, an unknown
 * provider, an invalid value. The message is one line that names the key or the environment variable (never the
 * key itself); the command line prints it and exits 2.
 */
public final class LlmConfigurationException extends RuntimeException {

    public LlmConfigurationException(String message) {
        super(message);
    }
}
