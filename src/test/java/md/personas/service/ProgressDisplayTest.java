package md.personas.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import md.personas.narratives.NarrativeStats;
import md.personas.run.RunProgress;
import md.personas.testing.LogCapture;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    static RunProgress.Snapshot snapshot(long written, Optional<NarrativeStats> stats) {
        return new RunProgress.Snapshot(RunProgress.Phase.STREAMING, 100_000, 2_000, written, 3, Instant.now(), 41.25,
                3725, null, List.of(), stats);
    }

    static Optional<NarrativeStats> stats(long promptTokens, long completionTokens, double costUsd, long failed) {
        return Optional.of(new NarrativeStats(promptTokens, completionTokens, costUsd, 0, 0, failed, Map.of(), 0, 0, 0,
                0, 0, Map.of()));
    }

    @Test
    void theLineShowsDoneTotalRateEtaTokensAndCost() {
        String line = ProgressDisplay.line(snapshot(10_345, stats(1_200_000, 3_400_000, 1.234, 3)),
                NarrativeCounters.of(stats(1_200_000, 3_400_000, 1.234, 3)));
        assertEquals("12,345/100,000 12.3% | 41.3/s | ETA 1 h 02 min | tokens 1.20M in 3.40M out | $1.23 | 3 failed",
                line);
        String offline = ProgressDisplay.line(snapshot(0, Optional.empty()), NarrativeCounters.none());
        assertEquals("2,000/100,000 2.0% | 41.3/s | ETA 1 h 02 min | 3 failed", offline);
        assertEquals("-", ProgressDisplay.duration(Double.NaN));
        assertEquals("59 s", ProgressDisplay.duration(59));
        assertEquals("2 min 05 s", ProgressDisplay.duration(125));
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlace() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong written = new AtomicLong(99_000);
        ProgressDisplay display = ProgressDisplay.start(() -> snapshot(written.getAndAdd(-90_000), Optional.empty()),
                ProgressDisplay.Mode.TERMINAL, terminal, Duration.ofMillis(50));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count(bytes.toString(StandardCharsets.UTF_8), '\r') < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        display.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(count(out, '\r') >= 3, out);
        assertTrue(out.endsWith("\n"), "the line is ended when the display closes");
        assertEquals(1, count(out, '\n'), "one line only, rewritten with carriage returns");
        String[] frames = out.substring(1, out.length() - 1).split("\r");
        // The shorter second frame pads over the longer first one.
        assertEquals(frames[0].length(), frames[1].length(), "'" + frames[0] + "' vs '" + frames[1] + "'");
        assertTrue(frames[0].startsWith("101,000/100,000"), frames[0]);
        assertTrue(frames[1].startsWith("11,000/100,000"), frames[1]);
        assertEquals(frames[0].length() - 2, frames[1].stripTrailing().length(), "padded with spaces: " + frames[1]);
    }

    @Test
    void elsewhereItIsAPeriodicLogLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LogCapture logs = new LogCapture("md.personas.service")) {
            ProgressDisplay display = ProgressDisplay.start(() -> snapshot(500, Optional.empty()), ProgressDisplay.Mode.LOG,
                    new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(50));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (logs.messages().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            display.close();
            assertTrue(logs.messages().size() >= 2, logs.messages().toString());
            assertTrue(logs.messages().get(0).startsWith("progress: 2,500/100,000 2.5% | 41.3/s"),
                    logs.messages().get(0));
        }
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"), "nothing written to the terminal");
    }

    static int count(String s, char c) {
        return (int) s.chars().filter(ch -> ch == c).count();
    }
}
