package md.personas.narratives.throttle;

/**
 * A token bucket over a monotonic nanosecond clock: it refills at {@code perMinute / 60} per second up to
 * {@code capacity = rate x burst}. A request may start when the bucket holds its cost, or, for a request dearer
 * than the whole bucket, when the bucket is full; the level may then go negative (a debt that later requests wait
 * out). So in any window of length T at most {@code capacity + rate x T} plus one request's overflow is spent.
 *
 * <p>Not thread-safe: the {@link Throttle} calls it under its lock.
 */
final class TokenBucket {

    private double perNano;
    private double capacity;
    private double level;
    private long last;
    private boolean unlimited;

    TokenBucket(double perMinute, long burstNanos, long now) {
        last = now;
        setRate(perMinute, burstNanos, now);
        level = capacity;
    }

    /** Changes rate and capacity, keeping what is in the bucket (but no more than the new capacity). */
    void setRate(double perMinute, long burstNanos, long now) {
        refill(now);
        unlimited = !(perMinute > 0);
        perNano = unlimited ? 0 : perMinute / 60.0 / 1e9;
        capacity = unlimited ? Double.MAX_VALUE : Math.max(1.0, perNano * burstNanos);
        level = Math.min(level, capacity);
    }

    private void refill(long now) {
        if (!unlimited && now > last) {
            level = Math.min(capacity, level + (now - last) * perNano);
        }
        last = Math.max(last, now);
    }

    /** Nanoseconds until a request costing {@code cost} may start; 0 when it may start now. */
    long nanosUntil(double cost, long now) {
        if (unlimited) {
            return 0;
        }
        refill(now);
        double need = Math.min(cost, capacity);
        if (level >= need) {
            return 0;
        }
        return (long) Math.ceil((need - level) / perNano);
    }

    void take(double cost, long now) {
        if (!unlimited) {
            refill(now);
            level -= cost;
        }
    }

    /** Gives back (positive) or charges more (negative) once the true cost is known. */
    void adjust(double delta, long now) {
        if (!unlimited) {
            refill(now);
            level = Math.min(capacity, level + delta);
        }
    }

    double level(long now) {
        refill(now);
        return level;
    }

    double capacity() {
        return capacity;
    }
}
