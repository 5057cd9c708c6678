package md.personas.narratives.llm;

import java.util.List;

/**
 * Every API key of a run (one per endpoint). An answer is searched for all of them, not only the key of the endpoint
 * that answered: a proxy or a shared log could hand one endpoint's key to another. Text bound for a log or a reason
 * is scrubbed of all of them.
 */
final class KeyRing {

    private final List<ApiKey> keys;

    KeyRing(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Whether the text holds any of the keys, in any form {@link ApiKey#foundIn} finds. */
    boolean foundIn(CharSequence text) {
        for (ApiKey k : keys) {
            if (k.foundIn(text)) {
                return true;
            }
        }
        return false;
    }

    /** The text with every key, in every form {@link ApiKey#redact} knows, replaced. */
    String redact(String text) {
        String out = text;
        for (ApiKey k : keys) {
            out = k.redact(out);
        }
        return out;
    }
}
