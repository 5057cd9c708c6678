package md.personas.narratives.throttle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leave to make one call, granted by a {@link Throttle}. Release it exactly once with what the call produced;
 * a second release is ignored.
 */
public final class Permit {

    private final Throttle throttle;
    private final double estimatedTokens;
    private final boolean probe;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Throttle throttle, double estimatedTokens, boolean probe) {
        this.throttle = throttle;
        this.estimatedTokens = estimatedTokens;
        this.probe = probe;
    }

    double estimatedTokens() {
        return estimatedTokens;
    }

    /** Whether this call is the single probe of a provider that was down. */
    public boolean probe() {
        return probe;
    }

    /**
     * Reports the call's result. Returns whether the provider counts as healthy afterwards: false while everybody
     * is paused for an outage, when a failed call is the provider's fault rather than the persona's.
     */
    public boolean release(CallSignal signal) {
        if (!released.compareAndSet(false, true)) {
            return true;
        }
        return throttle.release(this, signal);
    }
}
