package md.personas.operations;

import java.util.Locale;

/** Who writes the narrative fields ({@code --narratives}). */
public enum NarrativeMode {
    OFFLINE, LLM, NONE;

    public static NarrativeMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RunFailure.usage("--narratives must be offline, llm or none, not '" + value + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
