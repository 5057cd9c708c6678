package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.ENV;
import static md.personas.narratives.llm.LlmTestSupport.model;
import static md.personas.narratives.llm.LlmTestSupport.personas;
import static md.personas.narratives.llm.LlmTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.llm.FakeLlmServer.Fault;
import md.personas.record.Persona;
import md.personas.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider that never answers usefully is not waited for forever: whatever it does (HTML error pages, a 200 that
 * is not a chat completion, a 50 MB body, a 1 byte/s drip, a hang, resets, 429/503 forever, a Retry-After of a
 * year, nobody listening), the writer gives up after {@code outage.give-up-after}, every persona's future
 * completes, and the stop reason says what the provider answered. Real HTTP on 127.0.0.1 throughout.
 */
class HostileProviderTest extends FakeServerTestBase {

    /** Short on purpose: the suite must not wait minutes. */
    static final String FAST = """
            request-timeout = 1s
            outage { give-up-after = 1500ms, min-pause = 100ms, max-pause = 500ms }
            """;
    /** Generous next to {@link #FAST}: without a bound on the outage the writer never finishes. */
    static final long BOUND_SECONDS = 12;

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"HTML_500", "HTML_502", "HTML_200", "NO_CONTENT", "EMPTY_CHOICES",
            "HUGE_BODY", "DRIP", "HANG", "DROP", "RATE_LIMIT", "UNAVAILABLE", "RETRY_AFTER_A_YEAR"})
    void aProviderThatNeverAnswersUsefullyIsGivenUpOnWithWhatItAnswered(Fault fault) throws Exception {
        fake.everyone = fault;
        LlmNarrativeWriter writer = writer(FAST);
        try {
            List<NarrativeOutcome> outcomes = writeWithin(writer, personas(4), BOUND_SECONDS);
            assertTrue(outcomes.stream().allMatch(o -> o instanceof NarrativeOutcome.Failed), "nothing written");
            String reason = writer.stopReason().orElseThrow(() -> new AssertionError("no stop reason"));
            for (String expected : expectedIn(fault)) {
                assertTrue(reason.contains(expected), "'" + expected + "' in: " + reason);
            }
            assertTrue(reason.length() <= 400 && !reason.contains("\n"), "one short line: " + reason);
            if (fault == Fault.HUGE_BODY) {
                long perCall = fake.hostileBytesSent.get() / fake.calls().size();
                assertTrue(perCall < (20L << 20), "the 50 MB body was not read to its end: " + perCall
                        + " bytes sent per call");
            }
        } finally {
            writer.close();
        }
    }

    @Test
    void nobodyListeningIsNamedAsConnectionRefused() throws Exception {
        int port = closedPort();
        LlmNarrativeWriter writer = LlmNarrativeWriter.create(system,
                settings("http://127.0.0.1:" + port + "/v1", FAST), model(), ENV);
        try {
            writeWithin(writer, personas(3), BOUND_SECONDS);
            String reason = writer.stopReason().orElseThrow();
            assertTrue(reason.contains("connection refused to 127.0.0.1:" + port), reason);
        } finally {
            writer.close();
        }
    }

    @Test
    void aServerThatResetsEveryConnectionIsGivenUpOn() throws Exception {
        try (ServerSocket resetter = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                while (!resetter.isClosed()) {
                    try (Socket s = resetter.accept()) {
                        s.setSoLinger(true, 0); // close with RST
                        s.getInputStream().read();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "resetter");
            t.setDaemon(true);
            t.start();
            LlmNarrativeWriter writer = LlmNarrativeWriter.create(system,
                    settings("http://127.0.0.1:" + resetter.getLocalPort() + "/v1", FAST), model(), ENV);
            try {
                writeWithin(writer, personas(3), BOUND_SECONDS);
                String reason = writer.stopReason().orElseThrow();
                assertTrue(reason.contains("127.0.0.1:" + resetter.getLocalPort()), reason);
            } finally {
                writer.close();
            }
        }
    }

    @Test
    void everyCallFailingTheSameWayIsWarnedAboutWithinSeconds() throws Exception {
        int port = closedPort();
        LogCapture logs = new LogCapture("md.personas");
        LlmNarrativeWriter writer = LlmNarrativeWriter.create(system, settings("http://127.0.0.1:" + port + "/v1",
                "outage { give-up-after = 10m }"), model(), ENV);
        try {
            List<Persona> people = personas(4);
            people.forEach(writer::write);
            String expected = "every call to http://127.0.0.1:" + port + "/v1 fails: connection refused to 127.0.0.1:"
                    + port + " — is base-url right?";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < deadline && !logs.contains(expected)) {
                Thread.sleep(100);
            }
            assertTrue(logs.contains(expected), "warned within 8 s: " + logs.messages());
            assertFalse(writer.stopReason().isPresent(), "a warning, not yet giving up");
        } finally {
            writer.close();
            logs.close();
        }
    }

    private static List<String> expectedIn(Fault fault) {
        return switch (fault) {
            case HTML_500 -> List.of("HTTP 500", "text/html", "Bad Gateway");
            case HTML_502 -> List.of("HTTP 502", "text/html", "502 Bad Gateway");
            case HTML_200 -> List.of("HTTP 200", "text/html");
            case NO_CONTENT, EMPTY_CHOICES -> List.of("HTTP 200", "not a chat completion");
            case HUGE_BODY -> List.of("larger than");
            case DRIP, HANG -> List.of("no complete answer within 1 s");
            case DROP -> List.of("connection");
            case RATE_LIMIT, RETRY_AFTER_A_YEAR -> List.of("HTTP 429");
            case UNAVAILABLE -> List.of("HTTP 503");
            default -> List.of();
        };
    }

    /** Writes all and waits at most {@code seconds}: the assertion that nothing waits forever. */
    static List<NarrativeOutcome> writeWithin(LlmNarrativeWriter writer, List<Persona> people, long seconds)
            throws Exception {
        List<CompletableFuture<NarrativeOutcome>> futures = new ArrayList<>();
        for (Persona p : people) {
            futures.add(writer.write(p).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("still waiting for the provider after " + seconds + " s; stop reason: "
                    + writer.stopReason().orElse("none"));
        }
        List<NarrativeOutcome> out = new ArrayList<>();
        for (CompletableFuture<NarrativeOutcome> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    /** A port nobody listens on (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
