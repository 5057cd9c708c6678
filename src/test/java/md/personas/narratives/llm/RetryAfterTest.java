package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static Duration parse(Map<String, String> headers, long now) {
        return RetryAfter.parse(name -> Optional.ofNullable(headers.get(name)), now);
    }

    @Test
    void secondsDatesAndMilliseconds() {
        long now = ZonedDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
        assertEquals(Duration.ofSeconds(7), parse(Map.of("retry-after", "7"), now));
        assertEquals(Duration.ofMillis(1500), parse(Map.of("retry-after", "1.5"), now));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 11, 25, 12, 0, 30, 0,
                ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(30), parse(Map.of("retry-after", date), now));
        assertEquals(Duration.ZERO, parse(Map.of("retry-after", "Wed, 25 Nov 2026 11:00:00 GMT"), now),
                "a date in the past means now");
        assertEquals(Duration.ofMillis(250), parse(Map.of("retry-after-ms", "250", "retry-after", "9"), now));
        assertNull(parse(Map.of(), now));
        assertNull(parse(Map.of("retry-after", "soon"), now));
    }
}
