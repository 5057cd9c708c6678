package md.personas.record;

/** How a record's narrative fields were written (column {@code narrative_status}). */
public enum NarrativeStatus {
    /** Written by an LLM and accepted by the narrative contract. */
    LLM("llm"),
    /** Written by the built-in offline writer. */
    TEMPLATE("template"),
    /** An LLM persona that still failed the contract after every attempt: dead-lettered, never released. */
    FAILED("failed"),
    /** No narrative was asked for ({@code --narratives none}): a structured-only dataset. */
    NONE("none");

    private final String label;

    NarrativeStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static NarrativeStatus fromLabel(String label) {
        for (NarrativeStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown narrative_status '" + label + "'");
    }
}
