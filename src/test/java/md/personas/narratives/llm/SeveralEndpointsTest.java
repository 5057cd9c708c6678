package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.KEY;
import static md.personas.narratives.llm.LlmTestSupport.model;
import static md.personas.narratives.llm.LlmTestSupport.personas;
import static md.personas.narratives.llm.LlmTestSupport.writeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import md.personas.narratives.NarrativeOutcome;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several endpoints in one writer, each a real fake OpenAI-compatible server on 127.0.0.1: the work is shared, a
 * killed server's work moves to the others without losing a persona, the run gives up only when every endpoint is
 * out, and a narrative does not depend on which endpoint wrote it.
 */
class SeveralEndpointsTest {

    private static final String OTHER_KEY = "sk-other-7d2e4b9c1a0f4e8d";
    private static final Map<String, String> ENV = Map.of(LlmTestSupport.KEY_ENV, KEY, "OTHER_KEY", OTHER_KEY);

    static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = LlmTestSupport.system("several-endpoints-test");
        model();
    }

    @AfterAll
    static void stop() throws Exception {
        LlmTestSupport.terminate(system);
    }

    /** A writer with the test settings, {@code endpoints} (or a base-url) and {@code extra} HOCON. */
    private static LlmNarrativeWriter writer(String endpoints, String extra) {
        LlmSettings s = LlmSettings.fromConfig(ConfigFactory.parseString(endpoints)
                .withFallback(ConfigFactory.parseString(extra))
                .withFallback(ConfigFactory.parseString("""
                        provider = custom
                        base-url = "http://127.0.0.1:9/v1"
                        model = "fake-qwen"
                        api-key-env = "%s"
                        workers = 4
                        requests-per-minute = 0
                        tokens-per-minute = 0
                        request-timeout = 3s
                        budget-usd = 0
                        prices { input-usd-per-million = 0.4, output-usd-per-million = 1.2 }
                        retry { max-transport-retries = 5, backoff-min = 20ms, backoff-max = 200ms }
                        adaptive { queueing-latency-factor = 0 }
                        outage { failures = 5, min-pause = 200ms, max-pause = 1s }
                        """.formatted(LlmTestSupport.KEY_ENV))));
        return LlmNarrativeWriter.create(system, s, model(), ENV);
    }

    @Test
    void aKilledEndpointsWorkMovesToTheOtherAndNothingIsLost() throws Exception {
        try (FakeLlmServer a = FakeLlmServer.start(system, KEY);
             FakeLlmServer b = FakeLlmServer.start(system, OTHER_KEY)) {
            a.latency = Duration.ofMillis(150);
            b.latency = Duration.ofMillis(150);
            LlmNarrativeWriter writer = writer("""
                    endpoints = [
                      { base-url = "%s", workers = 6 },
                      { base-url = "%s", workers = 6, api-key-env = "OTHER_KEY" }
                    ]
                    """.formatted(a.baseUrl(), b.baseUrl()), "outage.give-up-after = 2s");
            List<Persona> ps = personas(120);
            List<CompletableFuture<NarrativeOutcome>> futures = new ArrayList<>();
            for (Persona p : ps) {
                futures.add(writer.write(p).toCompletableFuture());
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (a.calls().size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            a.kill(); // mid-run: calls in flight on it are cut
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(90, TimeUnit.SECONDS);
            List<NarrativeOutcome> outcomes = new ArrayList<>();
            for (CompletableFuture<NarrativeOutcome> f : futures) {
                outcomes.add(f.get());
            }
            assertTrue(outcomes.stream().allMatch(o -> o instanceof NarrativeOutcome.Written), "every persona "
                    + "written: " + outcomes.stream().filter(o -> o instanceof NarrativeOutcome.Failed).toList());
            assertTrue(writer.stopReason().isEmpty(), "one endpoint out does not stop the run");
            List<EndpointStats> stats = writer.endpointStats();
            assertEquals(2, stats.size());
            EndpointStats killed = stats.get(0);
            EndpointStats alive = stats.get(1);
            assertTrue(killed.answered() >= 10 && alive.answered() > killed.answered(), stats.toString());
            assertTrue(killed.failures() > 0, "the kill cut calls or refused connections: " + killed);
            assertEquals(ps.size(), writer.stats().written());
            assertEquals(writer.stats().calls(), killed.calls() + alive.calls());
            assertEquals(writer.stats().promptTokens(), killed.promptTokens() + alive.promptTokens());
            assertTrue(alive.costUsd() > 0 && Math.abs(writer.stats().costUsd() - killed.costUsd() - alive.costUsd())
                    < 1e-9);
            // The killed server stays down: after give-up-after it is out, the run goes on.
            deadline = System.nanoTime() + 10_000_000_000L;
            while (!"out".equals(writer.endpointStats().get(0).state()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("out", writer.endpointStats().get(0).state());
            assertTrue(writer.stopReason().isEmpty());
            List<NarrativeOutcome> more = writeAll(writer, personas(130).subList(120, 130));
            assertTrue(more.stream().allMatch(o -> o instanceof NarrativeOutcome.Written), more.toString());
            writer.close();
        }
    }

    @Test
    void theRunGivesUpOnlyWhenEveryEndpointIsOut() throws Exception {
        FakeLlmServer a = FakeLlmServer.start(system, KEY);
        FakeLlmServer b = FakeLlmServer.start(system, KEY);
        String endpoints = """
                endpoints = [ { base-url = "%s", workers = 2 }, { base-url = "%s", workers = 2 } ]
                """.formatted(a.baseUrl(), b.baseUrl());
        a.kill();
        b.kill();
        LlmNarrativeWriter writer = writer(endpoints, "outage.give-up-after = 1s");
        List<NarrativeOutcome> outcomes = writeAll(writer, personas(6));
        assertTrue(writer.stopReason().isPresent());
        assertTrue(writer.stopReason().get().contains("every LLM endpoint is out"), writer.stopReason().get());
        assertTrue(outcomes.stream().allMatch(writer::leftForResume), "left for --resume, not dead letters");
        writer.close();
    }

    @Test
    void workGoesToTheEndpointWithCapacity() throws Exception {
        try (FakeLlmServer slow = FakeLlmServer.start(system, KEY);
             FakeLlmServer fast = FakeLlmServer.start(system, KEY)) {
            // Same workers, but the slow one holds each call 10 times longer: it has room far less often (a 10:1 share
            // unloaded; 2:1 is asserted, as the machine may be loaded).
            slow.latency = Duration.ofMillis(500);
            fast.latency = Duration.ofMillis(50);
            LlmNarrativeWriter writer = writer("""
                    endpoints = [ { base-url = "%s", workers = 4 }, { base-url = "%s", workers = 4 } ]
                    """.formatted(slow.baseUrl(), fast.baseUrl()), "");
            List<NarrativeOutcome> outcomes = writeAll(writer, personas(100));
            assertTrue(outcomes.stream().allMatch(o -> o instanceof NarrativeOutcome.Written));
            long toSlow = slow.calls().size();
            long toFast = fast.calls().size();
            assertTrue(toFast > 2 * toSlow, "slow " + toSlow + ", fast " + toFast + " (round-robin would be equal)");
            writer.close();
        }
    }

    @Test
    void aRateLimitedEndpointGetsOnlyWhatItsRateAllows() throws Exception {
        try (FakeLlmServer limited = FakeLlmServer.start(system, KEY);
             FakeLlmServer free = FakeLlmServer.start(system, KEY)) {
            LlmNarrativeWriter writer = writer("""
                    endpoints = [
                      { base-url = "%s", workers = 8, requests-per-minute = 30 },
                      { base-url = "%s", workers = 8 }
                    ]
                    """.formatted(limited.baseUrl(), free.baseUrl()), "adaptive.burst = 4s");
            long start = System.nanoTime();
            List<NarrativeOutcome> outcomes = writeAll(writer, personas(80));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(outcomes.stream().allMatch(o -> o instanceof NarrativeOutcome.Written));
            // 30/min with a 4 s burst: 2 at once, then one every 2 s.
            assertTrue(limited.calls().size() <= 2 + seconds / 2 + 1, limited.calls().size() + " calls in "
                    + seconds + " s");
            assertTrue(free.calls().size() >= 70, "the rest went to the free endpoint: " + free.calls().size());
            writer.close();
        }
    }

    @Test
    void aNarrativeDoesNotDependOnWhichEndpointWroteIt() throws Exception {
        try (FakeLlmServer a = FakeLlmServer.start(system, KEY);
             FakeLlmServer b = FakeLlmServer.start(system, OTHER_KEY)) {
            List<Persona> ps = personas(30);
            LlmNarrativeWriter single = writer("base-url = \"" + a.baseUrl() + "\"", "");
            List<NarrativeOutcome> one = writeAll(single, ps);
            single.close();
            LlmNarrativeWriter two = writer("""
                    endpoints = [ { base-url = "%s", workers = 3 }, { base-url = "%s", workers = 3,
                                    api-key-env = "OTHER_KEY" } ]
                    """.formatted(a.baseUrl(), b.baseUrl()), "");
            List<NarrativeOutcome> shared = writeAll(two, ps);
            two.close();
            assertFalse(b.calls().isEmpty(), "both endpoints wrote some");
            for (int i = 0; i < ps.size(); i++) {
                Narrative x = ((NarrativeOutcome.Written) one.get(i)).narrative();
                Narrative y = ((NarrativeOutcome.Written) shared.get(i)).narrative();
                assertEquals(x, y, "persona " + ps.get(i).index());
            }
        }
    }

    @Test
    void anAnswerHoldingAnotherEndpointsKeyIsCaughtToo() throws Exception {
        try (FakeLlmServer a = FakeLlmServer.start(system, KEY);
             FakeLlmServer b = FakeLlmServer.start(system, OTHER_KEY)) {
            // b echoes a's key (a shared proxy or log): b's own key is not what leaks.
            b.keyForm = own -> KEY;
            b.script = (persona, n) -> n == 0 ? FakeLlmServer.Fault.ECHO_KEY : FakeLlmServer.Fault.NONE;
            a.latency = Duration.ofMillis(300);
            LlmNarrativeWriter writer = writer("""
                    endpoints = [ { base-url = "%s", workers = 1 }, { base-url = "%s", workers = 4,
                                    api-key-env = "OTHER_KEY" } ]
                    """.formatted(a.baseUrl(), b.baseUrl()), "");
            List<NarrativeOutcome> outcomes = writeAll(writer, personas(12));
            writer.close();
            assertTrue(b.calls().stream().anyMatch(c -> c.fault() == FakeLlmServer.Fault.ECHO_KEY));
            for (NarrativeOutcome o : outcomes) {
                assertTrue(o instanceof NarrativeOutcome.Written, o.toString());
                assertFalse(o.toString().contains(KEY), "the other endpoint's key was caught and asked again");
            }
        }
    }

    @Test
    void anEndpointThatRefusesTheKeyIsDroppedAndItsCallsGoToTheOthers() throws Exception {
        try (FakeLlmServer wrongKey = FakeLlmServer.start(system, "sk-some-other-key-000000");
             FakeLlmServer good = FakeLlmServer.start(system, KEY)) {
            LlmNarrativeWriter writer = writer("""
                    endpoints = [ { base-url = "%s", workers = 4 }, { base-url = "%s", workers = 4 } ]
                    """.formatted(wrongKey.baseUrl(), good.baseUrl()), "");
            List<NarrativeOutcome> outcomes = writeAll(writer, personas(40));
            assertTrue(outcomes.stream().allMatch(o -> o instanceof NarrativeOutcome.Written), outcomes.toString());
            assertTrue(writer.stopReason().isEmpty());
            assertEquals("refused", writer.endpointStats().get(0).state());
            int refusedCalls = wrongKey.calls().size();
            List<NarrativeOutcome> more = writeAll(writer, personas(60).subList(40, 60));
            assertTrue(more.stream().allMatch(o -> o instanceof NarrativeOutcome.Written), more.toString());
            assertEquals(refusedCalls, wrongKey.calls().size(), "no call goes to a refused endpoint");
            writer.close();
        }
    }
}
