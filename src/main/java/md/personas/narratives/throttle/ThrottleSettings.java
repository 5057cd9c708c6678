package md.personas.narratives.throttle;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The limits of a {@link Throttle}. Immutable; a running throttle takes a new value through
 * {@link Throttle#update(ThrottleSettings)}, so limits can be changed while a run goes on (workers, rpm, tpm).
 *
 * @param maxConcurrency the most HTTP calls in flight (the {@code workers} key); the adaptive limit never exceeds it
 * @param minConcurrency the adaptive limit never falls below it
 * @param requestsPerMinute request-rate limit; 0 or less means none
 * @param tokensPerMinute token-rate limit (prompt + completion tokens); 0 or less means none
 * @param burst how much of each rate may be spent at once: a bucket holds {@code rate x burst}
 * @param overloadDecrease factor applied to the concurrency limit on 429, 503 or 529 (e.g. 0.7)
 * @param overloadTolerance share of overload answers within one round trip that is still tolerated without a cut
 *                          (e.g. 0.1); 0 cuts on every overload answer, as plain AIMD does
 * @param queueingLatencyFactor a latency this many times the uncongested baseline means the provider queues
 *                              (vLLM, Ollama); 0 disables latency-based backoff
 * @param queueingDecrease factor applied to the concurrency limit when latency shows queueing (e.g. 0.9)
 * @param outageFailures consecutive failed calls (5xx, timeouts, dropped connections, overload) that pause every
 *                       worker together; at least half the concurrency limit, so that a burst of 429s from
 *                       overshooting a provider's capacity is left to the concurrency limit
 * @param minOutagePause first pause of an outage; each failed probe doubles it
 * @param maxOutagePause longest pause between probes
 * @param maxRetryAfter longest {@code Retry-After} honoured (a guard against absurd values)
 */
public record ThrottleSettings(
        int maxConcurrency,
        int minConcurrency,
        double requestsPerMinute,
        double tokensPerMinute,
        Duration burst,
        double overloadDecrease,
        double overloadTolerance,
        double queueingLatencyFactor,
        double queueingDecrease,
        int outageFailures,
        Duration minOutagePause,
        Duration maxOutagePause,
        Duration maxRetryAfter) {

    /** The slowest request rate accepted: one call every ten minutes. Slower, and a run looks hung. */
    public static final double MIN_REQUESTS_PER_MINUTE = 0.1;
    /** The slowest token rate accepted: one full answer (about 3,000 tokens) every few minutes. */
    public static final double MIN_TOKENS_PER_MINUTE = 1_000;
    /** The fastest rate accepted (a typo guard: no provider serves more). */
    public static final double MAX_RATE = 1e9;

    /**
     * A rate limit as configured: 0 (no limit) or within [{@code min}, {@link #MAX_RATE}]. A rate so small that
     * the next permit is days away would stop the run without a word.
     *
     * @throws IllegalArgumentException one line naming the key and the allowed range
     */
    public static double checkRate(String key, double perMinute, double min) {
        if (perMinute == 0 || (perMinute >= min && perMinute <= MAX_RATE)) {
            return perMinute;
        }
        throw new IllegalArgumentException(key + " must be 0 (no limit) or between " + plain(min) + " and "
                + plain(MAX_RATE) + " per minute (is " + perMinute + ")");
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.format(java.util.Locale.ROOT, "%,.0f", v) : Double.toString(v);
    }

    public ThrottleSettings {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + maxConcurrency);
        }
        if (minConcurrency < 1 || minConcurrency > maxConcurrency) {
            throw new IllegalArgumentException("min-concurrency must be within 1.." + maxConcurrency);
        }
        if (!(overloadDecrease > 0 && overloadDecrease < 1) || !(queueingDecrease > 0 && queueingDecrease < 1)) {
            throw new IllegalArgumentException("concurrency decrease factors must be within (0, 1)");
        }
        if (overloadTolerance < 0 || overloadTolerance >= 1) {
            throw new IllegalArgumentException("overload tolerance must be within [0, 1)");
        }
        if (burst.isNegative() || burst.isZero()) {
            throw new IllegalArgumentException("burst must be positive");
        }
        checkRate("requests-per-minute", Math.max(0, requestsPerMinute), MIN_REQUESTS_PER_MINUTE);
        checkRate("tokens-per-minute", Math.max(0, tokensPerMinute), MIN_TOKENS_PER_MINUTE);
        if (outageFailures < 1) {
            throw new IllegalArgumentException("outage failures must be at least 1");
        }
    }

    /**
     * Reads the throttle of {@code personas.narratives} ({@code narratives} is that block, the defaults of
     * reference.conf included): workers and rates through {@link ThrottleKeys}, as the hot reload reads them.
     */
    public static ThrottleSettings fromConfig(Config narratives) {
        Config root = narratives.atPath("personas.narratives");
        int workers = ThrottleKeys.workers(root);
        return new ThrottleSettings(workers, Math.min(workers, narratives.getInt("adaptive.min-concurrency")),
                ThrottleKeys.requestsPerMinute(root).orElseThrow(), ThrottleKeys.tokensPerMinute(root).orElseThrow(),
                narratives.getDuration("adaptive.burst"), narratives.getDouble("adaptive.overload-decrease"),
                narratives.getDouble("adaptive.overload-tolerance"),
                narratives.getDouble("adaptive.queueing-latency-factor"),
                narratives.getDouble("adaptive.queueing-decrease"), narratives.getInt("outage.failures"),
                narratives.getDuration("outage.min-pause"), narratives.getDuration("outage.max-pause"),
                narratives.getDuration("outage.max-retry-after"));
    }

    /** Settings with the given limits and the defaults of reference.conf for everything adaptive. */
    public static ThrottleSettings of(int workers, double requestsPerMinute, double tokensPerMinute) {
        return fromConfig(ConfigFactory.defaultReference().getConfig("personas.narratives"))
                .withMaxConcurrency(workers).withRequestsPerMinute(requestsPerMinute)
                .withTokensPerMinute(tokensPerMinute);
    }

    public ThrottleSettings withMaxConcurrency(int workers) {
        return copy(c -> {
            c.maxConcurrency = workers;
            c.minConcurrency = Math.min(minConcurrency, workers);
        });
    }

    public ThrottleSettings withRequestsPerMinute(double rpm) {
        return copy(c -> c.requestsPerMinute = rpm);
    }

    public ThrottleSettings withTokensPerMinute(double tpm) {
        return copy(c -> c.tokensPerMinute = tpm);
    }

    public ThrottleSettings withBurst(Duration newBurst) {
        return copy(c -> c.burst = newBurst);
    }

    public ThrottleSettings withOverloadTolerance(double tolerance) {
        return copy(c -> c.overloadTolerance = tolerance);
    }

    public ThrottleSettings withQueueingLatencyFactor(double factor) {
        return copy(c -> c.queueingLatencyFactor = factor);
    }

    public ThrottleSettings withOutage(int failures, Duration minPause, Duration maxPause) {
        return copy(c -> {
            c.outageFailures = failures;
            c.minOutagePause = minPause;
            c.maxOutagePause = maxPause;
        });
    }

    /** These settings with some components changed (and checked again by the constructor). */
    private ThrottleSettings copy(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components of the settings, to change some and build new settings. */
    private static final class Copy {
        private int maxConcurrency;
        private int minConcurrency;
        private double requestsPerMinute;
        private double tokensPerMinute;
        private Duration burst;
        private double overloadDecrease;
        private double overloadTolerance;
        private double queueingLatencyFactor;
        private double queueingDecrease;
        private int outageFailures;
        private Duration minOutagePause;
        private Duration maxOutagePause;
        private Duration maxRetryAfter;

        Copy(ThrottleSettings t) {
            maxConcurrency = t.maxConcurrency;
            minConcurrency = t.minConcurrency;
            requestsPerMinute = t.requestsPerMinute;
            tokensPerMinute = t.tokensPerMinute;
            burst = t.burst;
            overloadDecrease = t.overloadDecrease;
            overloadTolerance = t.overloadTolerance;
            queueingLatencyFactor = t.queueingLatencyFactor;
            queueingDecrease = t.queueingDecrease;
            outageFailures = t.outageFailures;
            minOutagePause = t.minOutagePause;
            maxOutagePause = t.maxOutagePause;
            maxRetryAfter = t.maxRetryAfter;
        }

        ThrottleSettings build() {
            return new ThrottleSettings(maxConcurrency, minConcurrency, requestsPerMinute, tokensPerMinute, burst,
                    overloadDecrease, overloadTolerance, queueingLatencyFactor, queueingDecrease, outageFailures,
                    minOutagePause, maxOutagePause, maxRetryAfter);
        }
    }
}
