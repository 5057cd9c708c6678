package md.personas.narratives.throttle;

import com.typesafe.config.Config;
import java.util.OptionalDouble;

/**
 * The throttle keys of the configuration, read and checked one way for both readers: the LLM settings at start-up
 * and the hot reload of a running generate. Keys are full paths from the configuration's root.
 */
public final class ThrottleKeys {

    public static final String WORKERS = "personas.narratives.workers";
    public static final String REQUESTS_PER_MINUTE = "personas.narratives.requests-per-minute";
    public static final String TOKENS_PER_MINUTE = "personas.narratives.tokens-per-minute";

    private ThrottleKeys() {
    }

    /** {@code workers}: the most calls in flight, at least 1. */
    public static int workers(Config config) {
        int workers = config.getInt(WORKERS);
        if (workers < 1) {
            throw new IllegalArgumentException(WORKERS + " must be at least 1 (is " + workers + ")");
        }
        return workers;
    }

    /** {@code requests-per-minute}, 0 = none; empty when the configuration does not state it. */
    public static OptionalDouble requestsPerMinute(Config config) {
        return rate(config, REQUESTS_PER_MINUTE, ThrottleSettings.MIN_REQUESTS_PER_MINUTE);
    }

    /** {@code tokens-per-minute}, 0 = none; empty when the configuration does not state it. */
    public static OptionalDouble tokensPerMinute(Config config) {
        return rate(config, TOKENS_PER_MINUTE, ThrottleSettings.MIN_TOKENS_PER_MINUTE);
    }

    private static OptionalDouble rate(Config config, String key, double min) {
        if (!config.hasPath(key)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(ThrottleSettings.checkRate(key, config.getDouble(key), min));
    }
}
