package md.personas.narratives.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The throttle on a manual clock: exact rates, concurrency, the AIMD limit and the shared pause. */
class ThrottleTest {

    private static final long MS = 1_000_000L;

    /** A clock and a scheduler that only move when the test says so. */
    private static final class ManualTime implements LongSupplier, WakeUpScheduler {
        private long now = 1_000_000_000L;
        private long sequence;
        private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> a[0] != b[0]
                ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        private final List<Runnable> tasks = new ArrayList<>();

        @Override
        public long getAsLong() {
            return now;
        }

        @Override
        public void schedule(long delayNanos, Runnable task) {
            tasks.add(task);
            due.add(new long[] {now + delayNanos, sequence++, tasks.size() - 1});
        }

        void advance(long nanos) {
            long end = now + nanos;
            while (!due.isEmpty() && due.peek()[0] <= end) {
                long[] next = due.poll();
                now = Math.max(now, next[0]);
                tasks.get((int) next[2]).run();
            }
            now = end;
        }
    }

    private final ManualTime time = new ManualTime();

    private Throttle throttle(ThrottleSettings settings) {
        return new Throttle(settings, time, time);
    }

    /** Acquires {@code n} permits; each is released with {@code signal} the moment it is granted. */
    private List<Long> grantTimes(Throttle t, int n, long tokens, CallSignal signal) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.acquire(tokens).thenAccept(p -> {
                times.add(time.getAsLong());
                p.release(signal);
            });
        }
        return times;
    }

    private static void assertWithin(List<Long> times, double capacity, double perSecond) {
        for (int i = 0; i < times.size(); i++) {
            for (int j = i; j < times.size(); j++) {
                double window = (times.get(j) - times.get(i)) / 1e9;
                assertTrue(j - i + 1 <= capacity + perSecond * window + 1e-9,
                        (j - i + 1) + " grants in " + window + " s");
            }
        }
    }

    @Test
    void theRequestRateIsExactAndFullyUsed() {
        Throttle t = throttle(ThrottleSettings.of(1000, 600, 0)); // 10/s, a bucket of 10
        List<Long> times = grantTimes(t, 50, 100, new CallSignal.Succeeded(MS, 100, true));
        assertEquals(10, times.size(), "the bucket's burst at once");
        for (int ms = 0; ms < 5000; ms++) {
            time.advance(MS);
        }
        assertEquals(50, times.size());
        assertWithin(times, 10, 10);
        assertTrue(times.get(49) - times.get(0) <= 4_000 * MS + MS, "40 more in 4 s: the allowance is used");
    }

    @Test
    void theTokenRateIsChargedWithEstimatesAndCorrectedByUsage() {
        Throttle t = throttle(ThrottleSettings.of(1000, 0, 60_000)); // 1,000 tokens/s, a bucket of 1,000
        // Each call is estimated at 500 tokens but really costs 1,000: after correction, one call per second.
        List<Long> times = grantTimes(t, 30, 500, new CallSignal.Succeeded(MS, 1000, true));
        for (int ms = 0; ms < 10_000; ms++) {
            time.advance(MS);
        }
        // 1,000 in the bucket at start + 1,000/s x 10 s = 11,000 tokens = 11 calls (one may overdraw).
        assertTrue(times.size() >= 10 && times.size() <= 12, times.size() + " calls in 10 s");
        List<Long> charged = new ArrayList<>(times);
        assertWithin(charged, 2, 1);
    }

    @Test
    void aCallDearerThanTheBucketWaitsForAFullBucketThenOverdraws() {
        Throttle t = throttle(ThrottleSettings.of(10, 0, 6_000)); // 100 tokens/s, a bucket of 100
        List<Long> times = grantTimes(t, 3, 250, new CallSignal.Succeeded(MS, -1, true));
        assertEquals(1, times.size(), "a full bucket lets the first one go");
        for (int ms = 0; ms < 6_000; ms++) {
            time.advance(MS);
        }
        assertEquals(3, times.size());
        // Debt of 150 then a full bucket again: 2.5 s between grants.
        assertEquals(2_500 * MS, times.get(1) - times.get(0), 2 * MS);
        assertEquals(2_500 * MS, times.get(2) - times.get(1), 2 * MS);
    }

    @Test
    void concurrencyIsCappedAndOverloadCutsItThenSuccessGrowsItBackSlowly() {
        Throttle t = throttle(ThrottleSettings.of(8, 0, 0));
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            t.acquire(1).thenAccept(held::add);
        }
        assertEquals(8, held.size());
        assertEquals(12, t.snapshot().queued());
        held.get(0).release(new CallSignal.Overloaded(null));
        // A burst of 429s from calls already in flight is one congestion event.
        held.get(1).release(new CallSignal.Overloaded(null));
        assertEquals(5, t.snapshot().concurrencyLimit(), "8 x 0.7");
        assertEquals(1, t.snapshot().concurrencyCuts());
        assertEquals(6, t.snapshot().inFlight(), "no new call until fewer than 5 are in flight");
        for (int i = 2; i < 5; i++) {
            held.get(i).release(new CallSignal.Succeeded(100 * MS, 10, true));
        }
        assertEquals(6, t.snapshot().concurrencyLimit(), "5.6 + 3 x 1/5.6: about one per round trip, not per success");
        for (int i = 5; i < held.size(); i++) {
            held.get(i).release(new CallSignal.Succeeded(100 * MS, 10, true));
        }
        assertEquals(8, t.snapshot().concurrencyLimit(), "back at the ceiling after some 15 successes");
    }

    @Test
    void retryAfterPausesEveryCallUntilItEnds() {
        Throttle t = throttle(ThrottleSettings.of(4, 0, 0));
        CompletableFuture<Permit> first = t.acquire(1).toCompletableFuture();
        first.join().release(new CallSignal.Overloaded(Duration.ofSeconds(2)));
        List<Long> times = grantTimes(t, 3, 1, new CallSignal.Succeeded(MS, 1, true));
        time.advance(1_999 * MS);
        assertEquals(0, times.size(), "nobody calls before Retry-After");
        time.advance(2 * MS);
        assertEquals(3, times.size());
    }

    @Test
    void anOutagePausesEverybodyAndProbesWithOneCallAtATime() {
        ThrottleSettings settings = ThrottleSettings.of(6, 0, 0)
                .withOutage(3, Duration.ofSeconds(1), Duration.ofSeconds(4));
        Throttle t = throttle(settings);
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            t.acquire(1).thenAccept(held::add);
        }
        assertTrue(held.get(0).release(new CallSignal.TransportFailed()), "one failure: still healthy");
        assertTrue(held.get(1).release(new CallSignal.TransportFailed()));
        assertFalse(held.get(2).release(new CallSignal.TransportFailed()), "three in a row: an outage");
        assertEquals("OPEN", t.snapshot().circuit());

        List<Permit> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            t.acquire(1).thenAccept(waiting::add);
        }
        time.advance(900 * MS);
        assertEquals(0, waiting.size(), "paused");
        time.advance(200 * MS); // the pause (1 s + up to 10% jitter) is over
        assertEquals(1, waiting.size(), "one probe");
        assertTrue(waiting.get(0).probe());
        assertFalse(waiting.get(0).release(new CallSignal.TransportFailed()), "the probe failed");
        time.advance(1_900 * MS);
        assertEquals(1, waiting.size(), "the pause doubled");
        time.advance(400 * MS);
        assertEquals(2, waiting.size(), "the next probe");
        assertTrue(waiting.get(1).release(new CallSignal.Succeeded(MS, 1, true)));
        assertEquals(5, waiting.size(), "everybody resumes");
        assertEquals("CLOSED", t.snapshot().circuit());
        assertEquals(1, t.snapshot().outages());
    }

    @Test
    void limitsChangeAtRunTime() {
        Throttle t = throttle(ThrottleSettings.of(100, 60, 0)); // 1/s, a bucket of 1
        List<Long> times = grantTimes(t, 21, 1, new CallSignal.Succeeded(MS, 1, true));
        assertEquals(1, times.size());
        t.update(t.settings().withRequestsPerMinute(600)); // 10/s, a bucket of 10
        for (int ms = 0; ms < 2_000; ms++) {
            time.advance(MS);
        }
        assertEquals(21, times.size(), "1 + 20 at the new rate of 10/s within 2 s");
        assertEquals(600, t.snapshot().requestsPerMinute());
        t.update(t.settings().withMaxConcurrency(2));
        assertEquals(2, t.snapshot().maxConcurrency());
        assertEquals(2, t.snapshot().concurrencyLimit());
    }

    @Test
    void closingFailsTheWaitingCalls() {
        Throttle t = throttle(ThrottleSettings.of(1, 0, 0));
        t.acquire(1);
        CompletableFuture<Permit> waiting = t.acquire(1).toCompletableFuture();
        t.close();
        assertTrue(waiting.isCompletedExceptionally());
        assertTrue(t.acquire(1).toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void isolatedOverloadAnswersAreToleratedButABurstIsCongestion() {
        ConcurrencyLimit tolerant = new ConcurrencyLimit(ThrottleSettings.of(64, 0, 0));
        ConcurrencyLimit plain = new ConcurrencyLimit(ThrottleSettings.of(64, 0, 0).withOverloadTolerance(0));
        long now = 0;
        for (int i = 0; i < 4000; i++) { // 32 answers/s with 2 s latency for 125 s; every 20th is a 429
            now += 31_250_000L;
            for (ConcurrencyLimit limit : List.of(tolerant, plain)) {
                if (i % 20 == 19) {
                    limit.onOverload(now);
                } else {
                    limit.onSuccess(now, 2_000 * MS, true);
                }
            }
        }
        assertEquals(64, tolerant.current(), "5% isolated 429s are not congestion");
        assertEquals(0, tolerant.cuts());
        assertTrue(plain.current() <= 20, "plain AIMD collapses: " + plain.current());
        for (int i = 0; i < 8; i++) {
            now += MS;
            tolerant.onOverload(now);
        }
        assertEquals(44, tolerant.current(), "a burst of 429s is one cut: 64 x 0.7");
        assertEquals(1, tolerant.cuts());
    }

    @Test
    void queueingLatencyCutsTheLimitAndSteadyLatencyDoesNot() {
        ConcurrencyLimit steady = new ConcurrencyLimit(ThrottleSettings.of(16, 0, 0));
        ConcurrencyLimit queueing = new ConcurrencyLimit(ThrottleSettings.of(16, 0, 0));
        long now = 0;
        for (int i = 0; i < 200; i++) {
            now += 50 * MS;
            steady.onSuccess(now, 2_000 * MS, true);
            // The server queues: each call takes longer than the last.
            queueing.onSuccess(now, (100 + 20L * i) * MS, true);
        }
        assertEquals(16, steady.current());
        assertEquals(0, steady.cuts());
        assertTrue(queueing.cuts() > 0);
        assertTrue(queueing.current() < 16, "limit " + queueing.current());
    }
}
