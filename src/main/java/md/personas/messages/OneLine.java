package md.personas.messages;

/**
 * Messages for people are one line: an exception's message (Typesafe Config's, the JDK's) may span several, and a
 * usage error, a log line or a manifest's end reason must not.
 */
public final class OneLine {

    private OneLine() {
    }

    /** {@code text} with each line break and the spaces around it turned into one space; empty for null. */
    public static String of(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
    }
}
