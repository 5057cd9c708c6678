package md.personas.narratives.throttle;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The pause that every worker shares. Two causes:
 * <ul>
 *   <li>{@code Retry-After}: the provider names the instant before which nobody should call again;</li>
 *   <li>an outage: after {@code outageFailures} consecutive failed calls (or half the calls in flight, when that is
 *       more: a burst of 429s from overshooting a provider's capacity is not an outage) the circuit opens and nobody
 *       calls until the pause ends; then one probe call goes alone (half-open). If it succeeds everybody resumes; if it fails
 *       the pause doubles, up to {@code maxOutagePause}.</li>
 * </ul>
 * Without this, each worker would burn its own retries against a provider that is down, and a long outage would
 * dead-letter healthy personas.
 *
 * <p>Not thread-safe: the {@link Throttle} calls it under its lock.
 */
final class ProviderCircuit {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private ThrottleSettings settings;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long pauseNanos;
    private long openUntil;
    private long retryAfterUntil;
    private boolean retryAfterSet;
    private boolean probeInFlight;
    private long outages;

    ProviderCircuit(ThrottleSettings settings) {
        this.settings = settings;
        this.pauseNanos = settings.minOutagePause().toNanos();
    }

    void update(ThrottleSettings newSettings) {
        settings = newSettings;
        pauseNanos = Math.min(Math.max(pauseNanos, settings.minOutagePause().toNanos()),
                settings.maxOutagePause().toNanos());
    }

    State state() {
        return state;
    }

    long outages() {
        return outages;
    }

    /** Nanoseconds until a call may be released: 0 now, {@code Long.MAX_VALUE} while a probe is out. */
    long nanosUntilRelease(long now) {
        long wait = retryAfterSet ? Math.max(0, retryAfterUntil - now) : 0;
        if (state == State.OPEN) {
            if (now >= openUntil) {
                state = State.HALF_OPEN;
                probeInFlight = false;
            } else {
                wait = Math.max(wait, openUntil - now);
            }
        }
        if (state == State.HALF_OPEN && probeInFlight) {
            return Long.MAX_VALUE;
        }
        return wait;
    }

    /** Records that a call was released; true when it is the probe of a half-open circuit. */
    boolean onRelease() {
        if (state == State.HALF_OPEN && !probeInFlight) {
            probeInFlight = true;
            return true;
        }
        return false;
    }

    /** The provider answered (successfully, or with a client error that shows it is up). */
    void onAlive() {
        consecutiveFailures = 0;
        state = State.CLOSED;
        probeInFlight = false;
        pauseNanos = settings.minOutagePause().toNanos();
    }

    /**
     * A call failed at the transport level or was refused for overload.
     *
     * @param inFlight the concurrency limit now: half of it failing in a row is needed to call it an outage
     */
    void onFailure(long now, boolean probe, int inFlight) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN && probe) {
            pauseNanos = Math.min(pauseNanos * 2, settings.maxOutagePause().toNanos());
            open(now);
        } else if (state == State.CLOSED
                && consecutiveFailures >= Math.max(settings.outageFailures(), inFlight / 2)) {
            outages++;
            open(now);
        }
    }

    /** Nobody calls before {@code until} (a {@code Retry-After}). */
    void pauseUntil(long until) {
        if (!retryAfterSet || until - retryAfterUntil > 0) {
            retryAfterUntil = until;
            retryAfterSet = true;
        }
    }

    private void open(long now) {
        state = State.OPEN;
        probeInFlight = false;
        // A little jitter so that several clients of one provider do not probe in lockstep.
        long jitter = (long) (pauseNanos * 0.1 * ThreadLocalRandom.current().nextDouble());
        openUntil = now + pauseNanos + jitter;
    }
}
