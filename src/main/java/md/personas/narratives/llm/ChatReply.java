package md.personas.narratives.llm;

import java.time.Duration;

/** How one chat-completions call ended, as far as HTTP goes. Messages are one line and never hold the key. */
public sealed interface ChatReply {

    /**
     * A chat completion came back (its content may still be truncated, fenced or off-contract).
     *
     * @param finishReason {@code stop}, {@code length} (cut at {@code max_tokens}) or what the provider says
     * @param promptTokens from {@code usage}; -1 when the provider gave none
     * @param completionTokens from {@code usage}; -1 when the provider gave none
     */
    record Answered(String content, String finishReason, long promptTokens, long completionTokens, long latencyNanos)
            implements ChatReply {

        public boolean hasUsage() {
            return promptTokens >= 0 && completionTokens >= 0;
        }
    }

    /**
     * 429, 503 or 529; {@code retryAfter} is null when the provider did not say; {@code message} is the provider's
     * error message, or the content type and first words of the body.
     */
    record Overloaded(int status, Duration retryAfter, String message) implements ChatReply { }

    /** Another 5xx, a 408, or a 2xx whose body is not a chat completion. */
    record ServerError(int status, String message) implements ChatReply { }

    /** No complete response within {@code request-timeout}. */
    record TimedOut() implements ChatReply { }

    /** The connection failed, was refused or dropped before the response was complete. */
    record ConnectionFailed(String message) implements ChatReply { }

    /** A 4xx other than a plain 429 (or a 429 for an exhausted quota): this request will not succeed as it is. */
    record Rejected(int status, String code, String message) implements ChatReply { }
}
