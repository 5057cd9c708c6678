package md.personas.narratives;

import java.util.Locale;

/** Who writes the narrative fields ({@code --narratives}). */
public enum NarrativeMode {
    OFFLINE, LLM, NONE;

    /** @throws IllegalArgumentException one line naming the value and the choices */
    public static NarrativeMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--narratives must be offline, llm or none, not '" + value + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
