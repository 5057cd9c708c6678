package md.personas.narratives.llm;

import java.util.List;

/**
 * One chat-completions call for one persona: a first request for every narrative field, or a repair request for
 * the fields that failed the contract.
 *
 * @param system the system message
 * @param user the user message (persona profile, guidance, contract, the keys to return)
 * @param fields the narrative fields (contract column names) the answer must hold, in contract order
 * @param maxTokens {@code max_tokens}: the completion cap, which also bounds the call's cost
 * @param expectedCompletionTokens the completion size expected, for the token-rate throttle
 * @param first whether this is a first request (its latency is comparable with other first requests)
 * @param seed the sampling seed sent to providers that accept one
 */
public record ChatRequest(
        String system,
        String user,
        List<String> fields,
        int maxTokens,
        long expectedCompletionTokens,
        boolean first,
        long seed) {

    public ChatRequest {
        fields = List.copyOf(fields);
    }

    /** Characters of the prompt, for token estimates. */
    public int promptChars() {
        return system.length() + user.length();
    }
}
