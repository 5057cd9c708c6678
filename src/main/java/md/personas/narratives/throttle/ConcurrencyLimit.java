package md.personas.narratives.throttle;

/**
 * The adaptive limit on calls in flight, AIMD-like: a multiplicative cut when the provider says it is overloaded
 * (429, 503, 529) or when latency shows that it queues instead (self-hosted vLLM and Ollama never answer 429), and
 * an additive increase of about one call per round trip on success.
 *
 * <p>One burst of overload answers from many calls already in flight is one congestion event, not many: after a
 * cut, further cuts wait a cool-down of one smoothed latency. Latency is judged on comparable calls only (first
 * requests, whose completion sizes are alike; repairs are much shorter): a smoothed latency above
 * {@code queueingLatencyFactor} times the uncongested baseline (a slowly forgetting minimum) is queueing.
 *
 * <p>Not thread-safe: the {@link Throttle} calls it under its lock.
 */
final class ConcurrencyLimit {

    /** The baseline forgets an old minimum by this fraction per sample, so a lasting change becomes the norm. */
    private static final double BASELINE_DRIFT = 0.002;
    private static final double SMOOTHING = 0.2;
    private static final long MIN_COOL_DOWN = 200_000_000L;

    private ThrottleSettings settings;
    private double limit;
    private double baselineNanos = Double.NaN;
    private double smoothedNanos = Double.NaN;
    private long lastCut;
    private boolean everCut;
    private long cuts;

    ConcurrencyLimit(ThrottleSettings settings) {
        this.settings = settings;
        this.limit = settings.maxConcurrency();
    }

    void update(ThrottleSettings newSettings) {
        // Growing the ceiling keeps the current limit (it grows back on success); shrinking clamps at once.
        settings = newSettings;
        limit = Math.max(settings.minConcurrency(), Math.min(limit, settings.maxConcurrency()));
    }

    /** Calls that may be in flight now. */
    int current() {
        return (int) Math.floor(limit);
    }

    long cuts() {
        return cuts;
    }

    void onOverload(long now) {
        cut(now, settings.overloadDecrease());
    }

    void onSuccess(long now, long latencyNanos, boolean comparable) {
        if (comparable && latencyNanos > 0) {
            baselineNanos = Double.isNaN(baselineNanos) ? latencyNanos
                    : Math.min(baselineNanos * (1 + BASELINE_DRIFT), latencyNanos);
            smoothedNanos = Double.isNaN(smoothedNanos) ? latencyNanos
                    : smoothedNanos + SMOOTHING * (latencyNanos - smoothedNanos);
            if (settings.queueingLatencyFactor() > 0
                    && smoothedNanos > settings.queueingLatencyFactor() * baselineNanos) {
                if (cut(now, settings.queueingDecrease())) {
                    // Start judging afresh at the reduced load rather than cutting on stale samples.
                    smoothedNanos = Double.NaN;
                }
                return;
            }
        }
        limit = Math.min(settings.maxConcurrency(), limit + 1.0 / Math.max(1.0, limit));
    }

    private boolean cut(long now, double factor) {
        long coolDown = Double.isNaN(smoothedNanos) ? MIN_COOL_DOWN : Math.max(MIN_COOL_DOWN, (long) smoothedNanos);
        if (everCut && now - lastCut < coolDown) {
            return false;
        }
        everCut = true;
        lastCut = now;
        cuts++;
        limit = Math.max(settings.minConcurrency(), limit * factor);
        return true;
    }
}
