package md.personas.narratives.throttle;

/**
 * The adaptive limit on calls in flight, AIMD-like: a multiplicative cut when the provider says it is overloaded
 * (429, 503, 529) or when latency shows that it queues instead (self-hosted vLLM and Ollama never answer 429), and
 * an additive increase of about one call per round trip on success.
 *
 * <p>An isolated overload answer is not congestion: the limit is cut only when overload answers exceed
 * {@code overloadTolerance} of the answers of one round trip (or of the limit, early in the round trip). Plain AIMD
 * (tolerance 0) collapses under random 429s to about sqrt(2 / p) calls in flight. One burst of overload answers
 * from many calls already in flight is one congestion event, not many: after a cut, further cuts wait a cool-down
 * of one smoothed latency. Latency is judged on comparable calls only (first
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
    private long windowStart;
    private boolean windowStarted;
    private int windowAnswers;
    private int windowOverloads;

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
        roll(now);
        windowAnswers++;
        windowOverloads++;
        if (windowOverloads > settings.overloadTolerance() * Math.max(windowAnswers, current())
                && cut(now, settings.overloadDecrease())) {
            windowAnswers = 0;
            windowOverloads = 0;
        }
    }

    void onSuccess(long now, long latencyNanos, boolean comparable) {
        roll(now);
        windowAnswers++;
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

    /** Starts a new counting window once a round trip has passed. */
    private void roll(long now) {
        if (!windowStarted || now - windowStart >= roundTrip()) {
            windowStarted = true;
            windowStart = now;
            windowAnswers = 0;
            windowOverloads = 0;
        }
    }

    private long roundTrip() {
        return Double.isNaN(smoothedNanos) ? MIN_COOL_DOWN : Math.max(MIN_COOL_DOWN, (long) smoothedNanos);
    }

    private boolean cut(long now, double factor) {
        long coolDown = roundTrip();
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
