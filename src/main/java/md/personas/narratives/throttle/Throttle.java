package md.personas.narratives.throttle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The gate every HTTP call to the provider passes, first requests, repairs and retries alike. A call is released
 * when, all at once:
 * <ol>
 *   <li>fewer calls are in flight than the adaptive concurrency limit ({@link ConcurrencyLimit});</li>
 *   <li>no shared pause is on ({@link ProviderCircuit}: {@code Retry-After} or an outage);</li>
 *   <li>the request-rate bucket holds one request and the token-rate bucket holds the call's estimated tokens
 *       ({@link TokenBucket}).</li>
 * </ol>
 * Waiting calls are served first come, first served, so a large request is not starved by small ones. Nothing
 * blocks a thread: a waiting call is a future, completed by the release of another call or by a scheduled
 * wake-up. The token bucket is charged with the estimate when a call is released and corrected with the
 * provider's {@code usage} when its {@link Permit} is released.
 *
 * <p>Limits change at run time through {@link #update(ThrottleSettings)}.
 */
public final class Throttle implements AutoCloseable {

    /** A wake-up at least this often, whatever the wait: a long pause is re-checked rather than trusted. */
    private static final long MAX_SLEEP = 60_000_000_000L;

    private final Object lock = new Object();
    private final LongSupplier clock;
    private final WakeUpScheduler scheduler;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final TokenBucket requests;
    private final TokenBucket tokens;
    private final ConcurrencyLimit concurrency;
    private final ProviderCircuit circuit;
    private ThrottleSettings settings;
    private int inFlight;
    private long released;
    private long wakeAt = Long.MAX_VALUE;
    private boolean closed;

    private record Waiter(double estimatedTokens, CompletableFuture<Permit> future) { }

    public Throttle(ThrottleSettings settings, WakeUpScheduler scheduler, LongSupplier nanoClock) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = nanoClock;
        long now = clock.getAsLong();
        long burst = settings.burst().toNanos();
        this.requests = new TokenBucket(settings.requestsPerMinute(), burst, now);
        this.tokens = new TokenBucket(settings.tokensPerMinute(), burst, now);
        this.concurrency = new ConcurrencyLimit(settings);
        this.circuit = new ProviderCircuit(settings);
    }

    public Throttle(ThrottleSettings settings, WakeUpScheduler scheduler) {
        this(settings, scheduler, System::nanoTime);
    }

    /**
     * A permit to make one call whose prompt and expected completion total about {@code estimatedTokens}. The
     * future completes when the call may go; it fails only when the throttle is closed.
     */
    public CompletionStage<Permit> acquire(long estimatedTokens) {
        CompletableFuture<Permit> future = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("the throttle is closed"));
                return future;
            }
            queue.add(new Waiter(Math.max(1, estimatedTokens), future));
        }
        pump();
        return future;
    }

    /**
     * A permit at once, when a call of about {@code estimatedTokens} may go now (nobody waits in this throttle's
     * own queue, and the concurrency limit, the shared pause and both rates allow it); empty otherwise. For a router
     * over several throttles that holds the waiting calls itself and gives each to a throttle with room.
     */
    public java.util.Optional<Permit> tryAcquire(long estimatedTokens) {
        double tokensWanted = Math.max(1, estimatedTokens);
        Permit permit;
        synchronized (lock) {
            long now = clock.getAsLong();
            if (closed || !queue.isEmpty() || inFlight >= concurrency.current()
                    || waitNanos(tokensWanted, now) != 0) {
                return java.util.Optional.empty();
            }
            requests.take(1, now);
            tokens.take(tokensWanted, now);
            boolean probe = circuit.onRelease();
            inFlight++;
            released++;
            permit = new Permit(this, tokensWanted, probe);
        }
        return java.util.Optional.of(permit);
    }

    /**
     * Nanoseconds until {@link #tryAcquire} could grant a call of {@code estimatedTokens}, as far as the pause and
     * the rates tell: 0 now (or as soon as a call in flight ends), {@code Long.MAX_VALUE} while closed or while an
     * outage probe is out.
     */
    public long nanosUntilRoom(long estimatedTokens) {
        synchronized (lock) {
            return closed ? Long.MAX_VALUE : waitNanos(Math.max(1, estimatedTokens), clock.getAsLong());
        }
    }

    /** The pause and the rates' wait for one call; under the lock. */
    private long waitNanos(double tokensWanted, long now) {
        long wait = circuit.nanosUntilRelease(now);
        if (wait == Long.MAX_VALUE) {
            return wait;
        }
        return Math.max(wait, Math.max(requests.nanosUntil(1, now), tokens.nanosUntil(tokensWanted, now)));
    }

    /** Swaps the limits of a running throttle (workers, rpm, tpm, ...); waiting calls see them at once. */
    public void update(ThrottleSettings newSettings) {
        synchronized (lock) {
            long now = clock.getAsLong();
            long burst = newSettings.burst().toNanos();
            requests.setRate(newSettings.requestsPerMinute(), burst, now);
            tokens.setRate(newSettings.tokensPerMinute(), burst, now);
            concurrency.update(newSettings);
            circuit.update(newSettings);
            settings = newSettings;
            wakeAt = Long.MAX_VALUE; // the next pump schedules afresh for the new rates
        }
        pump();
    }

    public ThrottleSettings settings() {
        synchronized (lock) {
            return settings;
        }
    }

    public ThrottleSnapshot snapshot() {
        synchronized (lock) {
            return new ThrottleSnapshot(inFlight, queue.size(), concurrency.current(), settings.maxConcurrency(),
                    concurrency.cuts(), circuit.state().name(), circuit.outages(), released,
                    Math.max(0, settings.requestsPerMinute()), Math.max(0, settings.tokensPerMinute()));
        }
    }

    /** Fails every waiting call; calls in flight finish normally. */
    @Override
    public void close() {
        List<Waiter> dropped;
        synchronized (lock) {
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        dropped.forEach(w -> w.future.completeExceptionally(new IllegalStateException("the throttle is closed")));
    }

    /**
     * Reports how a released call went; returns whether the provider counts as healthy afterwards (the circuit is
     * closed). A transport failure during an outage is the provider's fault, not the persona's, and callers use
     * this to avoid charging it to the persona's retry allowance.
     */
    boolean release(Permit permit, CallSignal signal) {
        boolean healthy;
        synchronized (lock) {
            long now = clock.getAsLong();
            inFlight--;
            if (signal instanceof CallSignal.Succeeded s) {
                if (s.actualTokens() >= 0) {
                    tokens.adjust(permit.estimatedTokens() - s.actualTokens(), now);
                }
                concurrency.onSuccess(now, s.latencyNanos(), s.comparable());
                circuit.onAlive();
            } else if (signal instanceof CallSignal.Overloaded o) {
                // Refused before any work: providers do not count it against the token allowance.
                tokens.adjust(permit.estimatedTokens(), now);
                concurrency.onOverload(now);
                if (o.retryAfter() != null && !o.retryAfter().isNegative()) {
                    long wait = Math.min(o.retryAfter().toNanos(), settings.maxRetryAfter().toNanos());
                    circuit.pauseUntil(now + wait);
                }
                circuit.onFailure(now, permit.probe(), concurrency.current());
            } else if (signal instanceof CallSignal.TransportFailed) {
                circuit.onFailure(now, permit.probe(), concurrency.current());
            } else if (signal instanceof CallSignal.Refused) {
                tokens.adjust(permit.estimatedTokens(), now);
                circuit.onAlive();
            } else if (signal instanceof CallSignal.Abandoned) {
                tokens.adjust(permit.estimatedTokens(), now);
                requests.adjust(1, now);
                if (permit.probe()) {
                    circuit.onAlive();
                }
            }
            healthy = circuit.state() == ProviderCircuit.State.CLOSED;
            wakeAt = Long.MAX_VALUE;
        }
        pump();
        return healthy;
    }

    /** Releases as many waiting calls as the limits allow, and schedules a wake-up for the next one. */
    private void pump() {
        List<Runnable> grants = new ArrayList<>();
        long scheduleIn = -1;
        synchronized (lock) {
            long now = clock.getAsLong();
            while (!queue.isEmpty() && !closed) {
                if (inFlight >= concurrency.current()) {
                    break; // a release pumps again
                }
                long wait = circuit.nanosUntilRelease(now);
                if (wait == Long.MAX_VALUE) {
                    break; // the probe's release pumps again
                }
                Waiter head = queue.peek();
                wait = Math.max(wait, Math.max(requests.nanosUntil(1, now), tokens.nanosUntil(head.estimatedTokens,
                        now)));
                if (wait > 0) {
                    if (now + wait < wakeAt) {
                        wakeAt = now + wait;
                        scheduleIn = wait;
                    }
                    break;
                }
                queue.poll();
                requests.take(1, now);
                tokens.take(head.estimatedTokens, now);
                boolean probe = circuit.onRelease();
                inFlight++;
                released++;
                Permit permit = new Permit(this, head.estimatedTokens, probe);
                grants.add(() -> {
                    if (!head.future.complete(permit)) {
                        permit.release(new CallSignal.Abandoned());
                    }
                });
            }
        }
        if (scheduleIn >= 0) {
            scheduler.schedule(Math.min(scheduleIn, MAX_SLEEP), this::wakeUp);
        }
        grants.forEach(Runnable::run);
    }

    private void wakeUp() {
        synchronized (lock) {
            wakeAt = Long.MAX_VALUE;
        }
        pump();
    }
}
