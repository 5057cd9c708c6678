package md.personas.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import md.personas.record.Row;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartScan;
import md.personas.sinks.RowCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT for real: a child JVM running the real graph with {@link SignalHandling} is signalled
 * mid-run; it must exit 143 or 130 within 30 s, leave only finished part pairs (the last one shorter) that hold
 * exactly the personas it reports written, write its manifest after them, and resume to a complete run.
 */
class SignalHandlingTest {

    static final long COUNT = 30_000;
    static final int PER_SECOND = 3_000;

    @TempDir
    Path tmp;

    static Process start(Path out, Path log, String... extra) throws IOException {
        String classpath = "target/test-classes" + File.pathSeparator + "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>();
        if (sigintIgnoredHere()) {
            // A child inherits an ignored SIGINT (a background job of a non-interactive shell): reset it.
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-cp",
                classpath, InterruptibleRun.class.getName(), out.toString(), Long.toString(COUNT),
                Integer.toString(PER_SECOND)));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Whether this JVM was started with SIGINT ignored (bit 2 of SigIgn in /proc/self/status). */
    static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    static long finishedParts(Path out) throws IOException {
        return PartDirectory.in(out).scan().finished().size();
    }

    /** Waits for a few checkpoints, so the signal lands mid-stream with personas in flight. */
    static void awaitParts(Process child, Path out, long parts, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.isAlive() && finishedParts(out) < parts && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child still runs: " + Files.readString(log));
        assertTrue(finishedParts(out) >= parts, "checkpoints were written: " + Files.readString(log));
    }

    /** The parts are complete pairs, hold {@code written} distinct personas, and nothing unfinished is left. */
    static BitSet assertCleanCheckpoint(Path out, Path log) throws Exception {
        PartDirectory parts = PartDirectory.in(out);
        PartScan scan = parts.scan();
        assertTrue(scan.orphans().isEmpty(), "no unfinished part files: " + scan.orphans());
        String manifest = Files.readString(out.resolve("run.json"));
        assertTrue(manifest.contains("\"status\": \"interrupted\""), manifest);
        long written = Long.parseLong(manifest.replaceAll("(?s).*\"written\": (\\d+).*", "$1"));
        BitSet done = parts.doneIndices();
        long rows = 0;
        try (RowCursor cursor = parts.rows()) {
            for (Row r = cursor.next(); r != null; r = cursor.next()) {
                rows++;
            }
        }
        assertEquals(written, done.cardinality(), "every persona started was written: " + Files.readString(log));
        assertEquals(done.cardinality(), rows, "the JSONL and Parquet parts agree");
        assertTrue(rows < COUNT, "the run stopped early");
        assertTrue(rows % 1000 != 0 || rows == 0 || scan.finished().size() * 1000L == rows,
                "the parts hold whole checkpoints plus one last shorter part");
        return done;
    }

    @Test
    void sigtermStopsCleanlyWithin30sExits143AndResumesToACompleteRun() throws Exception {
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("child.log");
        Process child = start(out, log);
        awaitParts(child, out, 3, log);
        long signalled = System.nanoTime();
        child.destroy(); // SIGTERM on Linux
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited within 30 s: " + Files.readString(log));
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertEquals(143, child.exitValue(), Files.readString(log));
        assertTrue(seconds < 30, "stopped in " + seconds + " s");
        assertTrue(Files.readString(log).contains("SIGTERM received"), Files.readString(log));
        assertCleanCheckpoint(out, log);

        Process resumed = start(out, log);
        assertTrue(resumed.waitFor(90, TimeUnit.SECONDS), Files.readString(log));
        assertEquals(0, resumed.exitValue(), Files.readString(log));
        BitSet all = PartDirectory.in(out).doneIndices();
        assertEquals(COUNT, all.cardinality(), "the resumed run completed");
        assertEquals(COUNT, all.nextClearBit(0), "indices 0..N-1 without a gap");
    }

    @Test
    void sigintStopsCleanlyAndExits130() throws Exception {
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("child.log");
        Process child = start(out, log);
        awaitParts(child, out, 2, log);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited within 30 s: " + Files.readString(log));
        assertEquals(130, child.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("SIGINT received"), Files.readString(log));
        assertCleanCheckpoint(out, log);
    }

    @Test
    void aStopThatCannotDrainAbandonsWhatIsInFlightAndStillExitsWithTheSignalsCode() throws Exception {
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("child.log");
        Process child = start(out, log, "1500"); // narrative calls from persona 1,500 on never answer
        awaitParts(child, out, 1, log);
        Thread.sleep(3000); // 500 more take well under a second even on a loaded machine: the stream is stuck now
        long signalled = System.nanoTime();
        child.destroy();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited within 30 s: " + Files.readString(log));
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertEquals(143, child.exitValue(), Files.readString(log));
        assertTrue(seconds >= 3 && seconds < 10, "abandoned after 3 s, before the forced exit: " + seconds + " s");
        String childLog = Files.readString(log);
        assertTrue(childLog.contains("abandoning the personas in flight"), childLog);
        assertFalse(childLog.contains("did not stop within"), "exited by itself, not by the forced exit");
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"status\": \"interrupted\""));
        // The finished parts hold whole checkpoints of distinct personas.
        PartDirectory parts = PartDirectory.in(out);
        BitSet done = parts.doneIndices();
        assertEquals(1, parts.scan().finished().size(), "the part being written when the stream hung is dropped");
        assertEquals(1000, done.cardinality());
        assertEquals(1000, done.nextClearBit(0), "the first checkpoint, whole");
    }
}
