package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.personas;
import static md.personas.narratives.llm.LlmTestSupport.writeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.llm.FakeLlmServer.Call;
import md.personas.narratives.llm.FakeLlmServer.Fault;
import md.personas.record.Persona;
import org.junit.jupiter.api.Test;

/**
 * The limits, measured where a provider measures them: at the server. Request and token rates over every window
 * of the run stay within {@code capacity + rate x window}; {@code Retry-After} holds every worker back; the
 * budget cap holds within 1%.
 */
class LlmRatesAndBudgetTest extends FakeServerTestBase {

    /**
     * Delay between the throttle's release of a call and its arrival at the server that a window may absorb: a
     * shared 2-core machine under load stalls threads for a few hundred milliseconds, and calls released on time
     * then arrive together. Without the throttle the same windows exceed the allowance several times over; the
     * throttle's own timing is checked exactly on a manual clock by ThrottleTest.
     */
    private static final double JITTER_SECONDS = 0.3;

    /** The first call of a JVM loads the HTTP client and opens connections: not what these tests measure. */
    private void warmUp(LlmNarrativeWriter writer) throws Exception {
        writeAll(writer, personas(1, p -> p.age() == 99)).forEach(LlmNarrativeWriterTest::assertWritten);
        fake.reset();
    }

    @Test
    void theRequestRateHoldsOverEveryWindow() throws Exception {
        double perSecond = 20; // 1,200 requests per minute, a bucket of 250 ms = 5 requests
        LlmNarrativeWriter writer = writer("workers = 16\nrequests-per-minute = 1200\nadaptive { burst = 250ms }");
        warmUp(writer);
        Thread.sleep(300); // the bucket refills

        writeAll(writer, personas(40)).forEach(LlmNarrativeWriterTest::assertWritten);

        List<Call> calls = fake.calls();
        assertEquals(40, calls.size());
        double worst = 0;
        for (int i = 0; i < calls.size(); i++) {
            for (int j = i; j < calls.size(); j++) {
                double window = (calls.get(j).arrivalNanos() - calls.get(i).arrivalNanos()) / 1e9;
                double allowed = 5 + perSecond * (window + JITTER_SECONDS);
                worst = Math.max(worst, (j - i + 1) / allowed);
            }
        }
        StringBuilder at = new StringBuilder();
        calls.forEach(c -> at.append(String.format(" %.0f", (c.arrivalNanos() - calls.get(0).arrivalNanos()) / 1e6)));
        assertTrue(worst <= 1.0, "a window exceeded the request rate by " + worst + "; arrivals (ms):" + at);
        double seconds = (calls.get(39).arrivalNanos() - calls.get(0).arrivalNanos()) / 1e9;
        double measured = (40 - 5) / seconds;
        assertTrue(measured <= perSecond * 1.05, "measured " + measured + " requests/s");
        assertTrue(measured >= perSecond * 0.8, "the allowance is used: " + measured + " requests/s");
    }

    @Test
    void theTokenRateHoldsOverEveryWindowCorrectedByUsage() throws Exception {
        // About 2,700 tokens per call at the fake's 3 characters per token: 16,000 tokens/s is about 6 calls/s.
        double perSecond = 16_000;
        LlmNarrativeWriter writer = writer("workers = 16\ntokens-per-minute = 960000\nadaptive { burst = 250ms }");
        warmUp(writer);
        Thread.sleep(1000); // the bucket pays off the warm-up call and refills

        writeAll(writer, personas(18)).forEach(LlmNarrativeWriterTest::assertWritten);

        List<Call> calls = fake.calls();
        long biggest = calls.stream().mapToLong(Call::tokens).max().orElseThrow();
        double capacity = perSecond * 0.25;
        double worst = 0;
        for (int i = 0; i < calls.size(); i++) {
            long tokens = 0;
            for (int j = i; j < calls.size(); j++) {
                tokens += calls.get(j).tokens();
                double window = (calls.get(j).arrivalNanos() - calls.get(i).arrivalNanos()) / 1e9;
                // A call dearer than the bucket may start on a full bucket; estimates are corrected after the fact.
                double allowed = capacity + perSecond * (window + JITTER_SECONDS) + biggest;
                worst = Math.max(worst, tokens / allowed);
            }
        }
        assertTrue(worst <= 1.0, "a window exceeded the token rate by " + worst);
        long total = calls.stream().mapToLong(Call::tokens).sum() - calls.get(calls.size() - 1).tokens();
        double seconds = (calls.get(calls.size() - 1).arrivalNanos() - calls.get(0).arrivalNanos()) / 1e9;
        double measured = total / seconds;
        assertTrue(measured <= perSecond * 1.15, "measured " + measured + " tokens/s");
        assertTrue(measured >= perSecond * 0.6, "the allowance is used: " + measured + " tokens/s");
    }

    @Test
    void retryAfterInSecondsHoldsEveryWorkerBack() throws Exception {
        assertRetryAfterHonoured(Fault.RATE_LIMIT_RETRY_AFTER, 1, 1.0);
    }

    @Test
    void retryAfterAsAnHttpDateHoldsEveryWorkerBack() throws Exception {
        // The date has whole seconds: "now + 2 s" truncated waits between 1 and 2 s.
        assertRetryAfterHonoured(Fault.RATE_LIMIT_RETRY_AFTER_DATE, 1, 0.95);
    }

    private void assertRetryAfterHonoured(Fault fault, int seconds, double minGapSeconds) throws Exception {
        List<Persona> people = personas(12);
        String first = FakeLlmServer.keyOf(people.get(0));
        LlmNarrativeWriter writer = writer("workers = 4\nrequests-per-minute = 6000");
        // Open the 4 connections first, so that connecting on a loaded machine does not spread the first calls.
        writeAll(writer, personas(16).subList(12, 16));
        fake.reset();
        fake.retryAfterSeconds = seconds;
        // The 429 comes back at once, while the other first calls take 600 ms: every later call is released
        // after the client has seen the 429.
        fake.latency = java.time.Duration.ofMillis(600);
        fake.script = (persona, nth) -> persona.equals(first) && nth == 0 ? fault : Fault.NONE;

        writeAll(writer, people).forEach(LlmNarrativeWriterTest::assertWritten);

        List<Call> calls = fake.calls();
        Call limited = calls.stream().filter(c -> c.status() == 429).findFirst().orElseThrow();
        List<Call> later = calls.stream().filter(c -> c.arrivalNanos() > limited.arrivalNanos() + 400_000_000L)
                .toList();
        assertTrue(later.size() >= 8, "the other personas waited: " + later.size());
        double gap = (later.get(0).arrivalNanos() - limited.arrivalNanos()) / 1e9;
        assertTrue(gap >= minGapSeconds, "the next call came " + gap + " s after the 429");
        assertEquals(1, writer.stats().retries(RetryCause.RATE_LIMITED));
    }

    @Test
    void theBudgetCapHoldsWithinOnePercentAndStopsIntake() throws Exception {
        // Absurd prices make each call cost about 2.7 USD: a 200 USD cap stops the run after some 60 personas.
        double cap = 200;
        LlmNarrativeWriter writer = writer("""
                workers = 8
                budget-usd = 200
                prices { input-usd-per-million = 1000, output-usd-per-million = 1000 }
                """);
        List<Persona> people = personas(90);

        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        LlmStats stats = writer.stats();
        long written = outcomes.stream().filter(o -> o instanceof NarrativeOutcome.Written).count();
        long refused = outcomes.stream().filter(o -> o instanceof NarrativeOutcome.Failed f
                && f.reason().equals(LlmNarrativeWriter.BUDGET_REACHED)).count();
        assertEquals(people.size(), written + refused, "every persona is written or refused for the budget");
        assertTrue(refused > 0, "the budget ran out");
        assertTrue(writer.budgetExhausted());
        assertEquals(LlmNarrativeWriter.BUDGET_REACHED, writer.stopReason().orElseThrow());
        long serverTokens = fake.calls().stream().mapToLong(Call::tokens).sum();
        assertEquals(serverTokens * 1000 / 1e6, stats.costUsd(), 1e-6, "cost is counted from usage");
        assertTrue(stats.costUsd() <= cap * 1.01, "spent " + stats.costUsd() + " of " + cap);
        assertTrue(stats.costUsd() >= cap * 0.75, "the cap is used, not wasted: " + stats.costUsd());
        assertEquals(0, stats.reservedUsd(), 1e-9, "every reservation settled");
    }
}
