package md.personas.narratives.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import md.personas.narratives.throttle.CallSignal;
import md.personas.narratives.throttle.Permit;
import md.personas.narratives.throttle.ThrottleSnapshot;
import md.personas.narratives.throttle.WakeUpScheduler;

/**
 * Hands each call to the endpoint that has room for it now. Calls wait here, first come first served, not in an
 * endpoint's own queue; a call goes out as soon as some endpoint's throttle would release it at once (a free slot
 * under its adaptive concurrency limit, no pause, both rates allowing), and among several such endpoints to the least
 * loaded (calls in flight over its concurrency limit). So work flows to where capacity is: a slow or rate-limited
 * endpoint gets fewer calls, a paused one none but its circuit's probe, and a fast one more.
 *
 * <p>A call that failed on an endpoint asks to avoid it: it waits for another endpoint unless none of the others is up
 * (then it may go back, e.g. when there is only one). An endpoint that refused the run's key or model takes no more
 * calls; when none is left, waiting calls fail at once.
 *
 * <p>Nothing blocks a thread: a waiting call is a future, completed when a call ends (its release pumps the router) or
 * by a scheduled wake-up when only a rate or a pause holds everybody back.
 */
final class EndpointRouter implements AutoCloseable {

    /** A wake-up at least this often, whatever the wait. */
    private static final long MAX_SLEEP = 60_000_000_000L;

    /** Leave to make one call on one endpoint; release it exactly once with how the call went. */
    final class Routed {

        private final LlmEndpoint endpoint;
        private final Permit permit;

        private Routed(LlmEndpoint endpoint, Permit permit) {
            this.endpoint = endpoint;
            this.permit = permit;
        }

        LlmEndpoint endpoint() {
            return endpoint;
        }

        /** As {@link Permit#release}: whether the endpoint counts as healthy afterwards. */
        boolean release(CallSignal signal) {
            boolean healthy = permit.release(signal);
            pump();
            return healthy;
        }
    }

    /** An endpoint with the share of its concurrency limit in use. */
    private record Load(LlmEndpoint endpoint, double share) { }

    private record Waiter(long estimatedTokens, LlmEndpoint avoid, CompletableFuture<Routed> future) { }

    private final Object lock = new Object();
    private final List<LlmEndpoint> endpoints;
    private final WakeUpScheduler scheduler;
    private final LongSupplier clock;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private long wakeAt = Long.MAX_VALUE;
    private boolean closed;

    EndpointRouter(List<LlmEndpoint> endpoints, WakeUpScheduler scheduler, LongSupplier nanoClock) {
        this.endpoints = List.copyOf(endpoints);
        this.scheduler = scheduler;
        this.clock = nanoClock;
    }

    /**
     * Leave to make a call of about {@code estimatedTokens} on some endpoint, preferably not {@code avoid} (the
     * endpoint the call last failed on; null for none). Fails when the router is closed or no endpoint is left.
     */
    CompletionStage<Routed> acquire(long estimatedTokens, LlmEndpoint avoid) {
        CompletableFuture<Routed> future = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("the LLM writer is closed"));
                return future;
            }
            queue.add(new Waiter(estimatedTokens, avoid, future));
        }
        pump();
        return future;
    }

    /** Calls waiting for an endpoint. */
    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Fails every waiting call; calls in flight finish. */
    @Override
    public void close() {
        List<Waiter> dropped;
        synchronized (lock) {
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        dropped.forEach(w -> w.future.completeExceptionally(new IllegalStateException("the LLM writer is closed")));
    }

    /** Gives waiting calls to endpoints with room, in arrival order; schedules a wake-up for a rate or a pause. */
    void pump() {
        List<Runnable> grants = new ArrayList<>();
        long scheduleIn = -1;
        synchronized (lock) {
            long wait = Long.MAX_VALUE;
            // An endpoint that had no room for one call has none for the calls behind it either: first come,
            // first served on every endpoint, so a large call is not starved by small ones.
            Set<LlmEndpoint> full = new HashSet<>();
            long open = endpoints.stream().filter(e -> e.state() != LlmEndpoint.State.REFUSED).count();
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext() && !closed && full.size() < open; ) {
                Waiter w = it.next();
                List<LlmEndpoint> candidates = candidates(w.avoid);
                if (candidates.isEmpty()) {
                    it.remove();
                    grants.add(() -> w.future.completeExceptionally(new IllegalStateException(
                            "no LLM endpoint takes calls any more")));
                    continue;
                }
                for (LlmEndpoint e : candidates) {
                    if (full.contains(e)) {
                        continue;
                    }
                    Optional<Permit> permit = e.throttle().tryAcquire(w.estimatedTokens);
                    if (permit.isPresent()) {
                        it.remove();
                        Routed routed = new Routed(e, permit.get());
                        grants.add(() -> {
                            if (!w.future.complete(routed)) {
                                routed.release(new CallSignal.Abandoned());
                            }
                        });
                        break;
                    }
                    full.add(e);
                    long until = e.throttle().nanosUntilRoom(w.estimatedTokens);
                    if (until > 0 && until < wait) {
                        wait = until; // a rate or a pause: nobody's release will wake us in time
                    }
                }
            }
            if (!queue.isEmpty() && wait != Long.MAX_VALUE) {
                long now = clock.getAsLong();
                if (now + wait < wakeAt) {
                    wakeAt = now + wait;
                    scheduleIn = wait;
                }
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

    /**
     * The endpoints a call may go to, least loaded first: every one that has not refused the run, but not
     * {@code avoid} while another one is up.
     */
    private List<LlmEndpoint> candidates(LlmEndpoint avoid) {
        List<LlmEndpoint> usable = new ArrayList<>();
        boolean otherUp = false;
        for (LlmEndpoint e : endpoints) {
            if (e.state() == LlmEndpoint.State.REFUSED) {
                continue;
            }
            usable.add(e);
            otherUp |= e != avoid && e.state() == LlmEndpoint.State.UP;
        }
        if (avoid != null && otherUp) {
            usable.remove(avoid);
        }
        if (usable.size() > 1) {
            List<Load> loads = new ArrayList<>();
            for (LlmEndpoint e : usable) {
                ThrottleSnapshot s = e.throttle().snapshot();
                loads.add(new Load(e, (double) s.inFlight() / Math.max(1, s.concurrencyLimit())));
            }
            loads.sort(Comparator.comparingDouble(Load::share).thenComparingInt(l -> l.endpoint().index()));
            return loads.stream().map(Load::endpoint).toList();
        }
        return usable;
    }
}
