package md.personas.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import md.personas.run.ExitCode;
import md.personas.operations.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three shards run at once, as three JVMs, into one directory; {@code release} then writes release files that are
 * byte for byte those of one unsharded run of the same seed and configuration (offline writer). The long version,
 * with more shards and a shard killed and resumed, is {@code ops/drill-shards}.
 */
class ShardedRunTest {

    static final String COUNT = "3000";
    static final String SEED = "31";
    static final String CHECKPOINT = "250";

    @TempDir
    Path tmp;

    static List<String> java(String... args) throws IOException {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dpersonas.http.port=0", "-Dpersonas.checkpoint-every=" + CHECKPOINT, "-cp", classpath,
                "md.personas.operations.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(java(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static JsonNode statsWithoutTimings(Path dir) throws IOException {
        JsonNode stats = new ObjectMapper().readTree(dir.resolve("moldova_personas_3k_stats.json").toFile());
        ((ObjectNode) stats.get("run")).remove("timings");
        return stats;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void threeShardsAtOnceThenReleaseEqualOneRunByteForByte() throws Exception {
        Path sharded = tmp.resolve("sharded");
        Path single = tmp.resolve("single");
        Path log = tmp.resolve("children.log");
        List<Process> shards = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            shards.add(start(log, "generate", "--count", COUNT, "--seed", SEED, "--out", sharded.toString(),
                    "--shard", k + "/3"));
        }
        Process plain = start(log, "generate", "--count", COUNT, "--seed", SEED, "--out", single.toString());
        for (Process p : shards) {
            assertTrue(p.waitFor(400, TimeUnit.SECONDS), "a shard did not finish");
            assertEquals(0, p.exitValue(), Files.readString(log));
        }
        // Each shard wrote only its own residue class of part numbers, and no release.
        try (var parts = Files.list(sharded.resolve("parts"))) {
            assertEquals(2 * 12, parts.filter(Files::isRegularFile).count()); // 12 ranges of 250, one pair each
        }
        assertTrue(Files.notExists(sharded.resolve("moldova_personas_3k.parquet")));
        refusalsLeaveTheDirectoryAsItWas(sharded);
        // A shard started again when every part is there: nothing to narrate, and one line that says what next.
        Process again = start(tmp.resolve("again.log"), "generate", "--count", COUNT, "--seed", SEED, "--out",
                sharded.toString(), "--shard", "1/3");
        assertTrue(again.waitFor(400, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), Files.readString(tmp.resolve("again.log")));
        assertTrue(Files.readString(tmp.resolve("again.log")).contains("all 3 shards' parts are present in "
                + sharded + "; run `ops/moldova-personas release " + sharded + "` to write the release"),
                Files.readString(tmp.resolve("again.log")));

        Process release = start(log, "release", sharded.toString());
        assertTrue(release.waitFor(400, TimeUnit.SECONDS));
        assertEquals(0, release.exitValue(), Files.readString(log));
        assertTrue(plain.waitFor(400, TimeUnit.SECONDS));
        assertEquals(0, plain.exitValue(), Files.readString(log));
        for (String name : List.of("moldova_personas_3k.parquet", "moldova_personas_3k.jsonl",
                "moldova_personas_3k.csv", "README.md")) {
            assertEquals(sha256(single.resolve(name)), sha256(sharded.resolve(name)), name);
        }
        // The stats too, but for the wall-clock timings of the processes that made them.
        assertEquals(statsWithoutTimings(single), statsWithoutTimings(sharded));
        // Released again: a complete release is never written again (not even with the same bytes).
        Path parquet = sharded.resolve("moldova_personas_3k.parquet");
        var written = Files.getLastModifiedTime(parquet);
        Process twice = start(log, "release", sharded.toString());
        assertTrue(twice.waitFor(400, TimeUnit.SECONDS));
        assertEquals(0, twice.exitValue(), Files.readString(log));
        assertEquals(written, Files.getLastModifiedTime(parquet));
        assertTrue(Files.readString(log).contains("is complete; it is not written again"));
    }

    /**
     * Before the release: a missing shard manifest, a missing part, a shard of another N and a plain run while a
     * shard holds the directory are each refused with exit 2 and one line, and change nothing.
     */
    private void refusalsLeaveTheDirectoryAsItWas(Path dir) throws Exception {
        String before = listing(dir);
        Path aside = Files.createDirectories(tmp.resolve("aside"));

        Files.move(dir.resolve("run.shard-2-of-3.json"), aside.resolve("run.shard-2-of-3.json"));
        assertEquals(ExitCode.USAGE, Main.run(new String[] {"release", dir.toString()}));
        Files.move(aside.resolve("run.shard-2-of-3.json"), dir.resolve("run.shard-2-of-3.json"));

        for (String ext : List.of("jsonl", "parquet")) {
            Files.move(dir.resolve("parts/part-000004." + ext), aside.resolve("part-000004." + ext));
        }
        assertEquals(ExitCode.USAGE, Main.run(new String[] {"release", dir.toString()}));
        for (String ext : List.of("jsonl", "parquet")) {
            Files.move(aside.resolve("part-000004." + ext), dir.resolve("parts/part-000004." + ext));
        }

        assertEquals(ExitCode.USAGE, Main.run(new String[] {"generate", "--count", COUNT, "--seed", SEED, "--out",
            dir.toString(), "--shard", "0/2"}));
        try (ShardLock held = ShardLock.acquire(dir, new ShardSpec(1, 3).lockFileName(), "shard 1/3")) {
            assertEquals(ExitCode.USAGE, Main.run(new String[] {"generate", "--count", COUNT, "--seed", SEED,
                "--out", dir.toString()}));
            assertEquals(ExitCode.USAGE, Main.run(new String[] {"release", dir.toString()}));
        }
        assertEquals(before, listing(dir));
    }

    /** Every file under {@code dir} with its size and hash, lock files aside (taking a lock rewrites its text). */
    private static String listing(Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".lock")) {
                    out.append(dir.relativize(f)).append(' ').append(sha256(f)).append('\n');
                }
            }
        }
        return out.toString();
    }
}
