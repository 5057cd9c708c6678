package md.personas.narratives.llm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads how long the provider asks us to wait: {@code retry-after-ms} (OpenAI), or {@code Retry-After} as seconds
 * or as an HTTP date (RFC 9110). Null when absent or unreadable.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param header a header value by (case-insensitive) name
     * @param nowEpochMillis the wall clock now, to turn an HTTP date into a delay
     */
    static Duration parse(Function<String, Optional<String>> header, long nowEpochMillis) {
        Optional<String> ms = header.apply("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofNanos((long) (Math.max(0, Double.parseDouble(ms.get().trim())) * 1e6));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = header.apply("retry-after");
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get().trim();
        try {
            return Duration.ofNanos((long) (Math.max(0, Double.parseDouble(v)) * 1e9));
        } catch (NumberFormatException e) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - nowEpochMillis));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
