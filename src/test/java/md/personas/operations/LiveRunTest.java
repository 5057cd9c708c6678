package md.personas.operations;

import static md.personas.operations.GenerateCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import md.personas.run.ExitCode;
import md.personas.run.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real second process: a live run holds its directory against another generate (with or without --fresh), SIGHUP
 * stops it at a clean checkpoint like SIGTERM, and SIGTERM during the release rolls the release back.
 * (Longer: ops/drill-reliability.)
 */
class LiveRunTest {

    @TempDir
    Path tmp;

    static Process start(Path out, Path log, String count, String... more) throws IOException {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Dpersonas.http.port=0", "-cp", classpath, "md.personas.operations.Main",
                "generate", "--narratives", "none", "--seed", "5", "--count", count, "--out", out.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static void signal(Process p, String name) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(p.pid())).start().waitFor());
    }

    static boolean anyTmp(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void aLiveRunHoldsItsDirectoryAndSighupStopsItAtACleanCheckpoint() throws Exception {
        Path out = tmp.resolve("live");
        Path log = tmp.resolve("live.log");
        Process child = start(out, log, "300000");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && KillAndResumeTest.finishedParts(out) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), Files.readString(log));
            GenerateCommandTest.Result second = cli("generate", "--narratives", "none", "--seed", "6", "--count",
                    "300000", "--out", out.toString()); // another seed too: the live run is named first
            assertEquals(ExitCode.USAGE, second.code(), second.stderr());
            assertTrue(second.errorLine().contains("in use by a live run (pid " + child.pid() + " on host "),
                    second.stderr());
            long parts = KillAndResumeTest.finishedParts(out);
            GenerateCommandTest.Result fresh = cli("generate", "--narratives", "none", "--seed", "6", "--count",
                    "1000", "--fresh", "--out", out.toString());
            assertEquals(ExitCode.USAGE, fresh.code(), fresh.stderr());
            assertTrue(fresh.errorLine().contains("in use by a live run (pid " + child.pid()), fresh.stderr());
            assertTrue(KillAndResumeTest.finishedParts(out) >= parts, "--fresh deleted nothing of the live run");

            signal(child, "HUP");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited within 30 s");
            assertEquals(129, child.exitValue(), Files.readString(log));
            RunManifest m = RunManifest.readFrom(out);
            assertEquals(RunManifest.Status.INTERRUPTED, m.status());
            assertEquals(129, m.exitCode());
            assertTrue(m.counts().written() >= parts * 1000, "counts.written is what the parts hold");
            assertTrue(!anyTmp(out.resolve("parts")), "no half-written part");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void sigtermDuringTheReleaseRollsItBackAndResumeFinishesIt() throws Exception {
        Path reference = tmp.resolve("reference");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--seed", "5", "--count", "10000",
                "--out", reference.toString()).code());
        Path out = Files.createDirectories(tmp.resolve("releasing/parts")).getParent();
        try (Stream<Path> parts = Files.list(reference.resolve("parts"))) {
            for (Path p : parts.toList()) {
                Files.copy(p, out.resolve("parts").resolve(p.getFileName()));
            }
        }
        Files.copy(reference.resolve("run.json"), out.resolve("run.json"));
        Path log = tmp.resolve("release.log");
        Process child = start(out, log, "10000", "--resume");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Path releaseTemp = out.resolve("moldova_personas_10k.jsonl.tmp");
            while (child.isAlive() && !Files.exists(releaseTemp) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            signal(child, "TERM");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, child.exitValue(), Files.readString(log));
        } finally {
            child.destroyForcibly();
        }
        RunManifest m = RunManifest.readFrom(out);
        assertEquals(RunManifest.Status.INTERRUPTED, m.status(), Files.readString(log));
        assertTrue(!anyTmp(out), "the release's temporary files are gone");
        assertTrue(!Files.exists(out.resolve("moldova_personas_10k.parquet")), "no release half in place");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--seed", "5", "--count", "10000",
                "--out", out.toString(), "--resume").code());
        assertArrayEquals(Files.readAllBytes(reference.resolve("moldova_personas_10k.parquet")),
                Files.readAllBytes(out.resolve("moldova_personas_10k.parquet")));
    }

    /** The operator's abort: exit 3, and run.json keeps the reason and counts only what the parts on disk hold. */
    @Test
    void theOperatorsAbortReasonAndTheRecordsOnDiskAreInRunJson() throws Exception {
        Path out = tmp.resolve("aborted");
        Path log = tmp.resolve("abort.log");
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dpersonas.http.port=0", "-cp", classpath, "md.personas.operations.Main", "generate",
                "--narratives", "none", "--seed", "5", "--count", "300000", "--out", out.toString());
        pb.environment().put("PERSONAS_CONTROL_TOKEN", "drill-token-123");
        Process child = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile("status server on (http://[^/]+)/");
            String base = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && System.nanoTime() < deadline
                    && (base == null || KillAndResumeTest.finishedParts(out) < 2)) {
                java.util.regex.Matcher m = listening.matcher(Files.readString(log));
                base = m.find() ? m.group(1) : null;
                Thread.sleep(20);
            }
            assertTrue(base != null && child.isAlive(), Files.readString(log));
            try {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/control/abort"))
                                .header("Authorization", "Bearer drill-token-123")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reason\": \"prompt bug\"}"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode(), r.body());
            } catch (IOException closedFirst) {
                // the run may stop and close the server before the answer leaves: the exit code says what happened
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(3, child.exitValue(), Files.readString(log));
        } finally {
            child.destroyForcibly();
        }
        RunManifest m = RunManifest.readFrom(out);
        assertEquals(RunManifest.Status.ABORTED, m.status());
        assertTrue(m.endReason() != null && m.endReason().contains("prompt bug"), String.valueOf(m.endReason()));
        long onDisk = 0;
        try (Stream<Path> parts = Files.list(out.resolve("parts"))) {
            for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                onDisk += Files.readAllLines(p).size();
            }
        }
        assertEquals(onDisk, m.counts().written(), "counts.written is what the finished parts hold");
    }
}
