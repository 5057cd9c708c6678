package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import md.personas.run.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety for real: a child JVM running {@code generate} is killed with SIGKILL at random moments, resumed
 * each time, and the release files end byte-for-byte identical to an uninterrupted run's. (More kills, over a
 * longer run, in {@code ops/soak-resume}.)
 */
class KillAndResumeTest {

    static final String COUNT = "6000";
    static final String SEED = "77";

    @TempDir
    Path tmp;

    static List<String> command(Path out) throws IOException {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dpersonas.http.port=0", "-cp", classpath, "md.personas.operations.Main", "generate",
                "--count", COUNT, "--seed", SEED, "--out", out.toString()));
    }

    static Process start(Path out, Path log) throws IOException {
        return new ProcessBuilder(command(out)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static long finishedParts(Path out) throws IOException {
        Path parts = out.resolve("parts");
        if (!Files.isDirectory(parts)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(parts)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void killedThreeTimesAndResumedGivesTheSameReleaseFiles() throws Exception {
        Path reference = tmp.resolve("uninterrupted");
        Path log = tmp.resolve("children.log");
        Process p = start(reference, log);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(log));

        Path out = tmp.resolve("killed");
        Random random = new Random(20240408);
        int kills = 0;
        long lastParts = -1;
        for (int attempt = 0; attempt < 3; attempt++) {
            Process child = start(out, log);
            long wanted = finishedParts(out) + 1 + random.nextInt(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && finishedParts(out) < wanted && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(250));
            if (child.isAlive()) {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                child.waitFor();
                kills++;
            }
            assertTrue(finishedParts(out) >= lastParts, "finished parts are never lost");
            lastParts = finishedParts(out);
        }
        assertEquals(3, kills, "each run was killed mid-stream: " + Files.readString(log));
        Process last = start(out, log);
        assertTrue(last.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("resuming"), "later runs resumed");

        for (String f : new String[] {"moldova_personas_6k.jsonl", "moldova_personas_6k.parquet",
                "moldova_personas_6k.csv"}) {
            assertArrayEquals(Files.readAllBytes(reference.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        List<String> lines = Files.readAllLines(out.resolve("moldova_personas_6k.jsonl"));
        assertEquals(6000, lines.size(), "zero lost, zero duplicated");
    }

    /** SIGTERM: intake stops, what is in flight is written, the manifest says interrupted, exit 143 in time. */
    @Test
    void sigtermStopsAtACleanCheckpointAndResumes() throws Exception {
        Path out = tmp.resolve("terminated");
        Path log = tmp.resolve("term.log");
        Process child = start(out, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (child.isAlive() && finishedParts(out) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "still running when signalled: " + Files.readString(log));
        long signalled = System.nanoTime();
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited within 30 s");
        assertEquals(143, child.exitValue(), Files.readString(log));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled) < 30);
        RunManifest manifest = RunManifest.readFrom(out);
        assertEquals(RunManifest.Status.INTERRUPTED, manifest.status());
        assertEquals(143, manifest.exitCode());
        try (Stream<Path> parts = Files.list(out.resolve("parts"))) {
            assertTrue(parts.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no half-written part");
        }
        assertEquals(0, new ProcessBuilder(resume(command(out))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start().waitFor(),
                Files.readString(log));
        assertEquals(6000, Files.readAllLines(out.resolve("moldova_personas_6k.jsonl")).size());
    }

    static List<String> resume(List<String> command) {
        List<String> out = new ArrayList<>(command);
        out.add("--resume");
        return out;
    }
}
