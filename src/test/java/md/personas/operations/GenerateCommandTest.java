package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import md.personas.run.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate command as a user meets it: bad usage, determinism, refusing another run's directory. */
class GenerateCommandTest {

    @TempDir
    Path tmp;

    /** Runs the CLI in this JVM; returns the exit code and what it printed on stderr. */
    /** A usage refusal: exit 2, one "moldova-personas:" line holding every fragment, and {@code out} not created. */
    static void assertRefusedBeforeAnything(Result r, Path out, String... fragments) {
        assertEquals(ExitCode.USAGE, r.code(), r.stderr());
        for (String f : fragments) {
            assertTrue(r.errorLine().contains(f), "'" + f + "' in: " + r.stderr());
        }
        assertEquals(1, r.stderr().lines().filter(l -> l.startsWith("moldova-personas:")).count(), r.stderr());
        assertFalse(Files.exists(out), "nothing was created");
    }

    static Result cli(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    record Result(ExitCode code, String stderr) {
        String errorLine() {
            return stderr.lines().filter(l -> l.startsWith("moldova-personas:")).findFirst().orElse("");
        }
    }

    private void assertUsageError(String fragment, String... args) {
        Result r = cli(args);
        assertEquals(ExitCode.USAGE, r.code(), r.stderr());
        assertTrue(r.errorLine().contains(fragment), "expected '" + fragment + "' in: " + r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.startsWith("moldova-personas:")).count());
    }

    @Test
    void badUsageExitsTwoWithOneLineAndCreatesNothing() throws IOException {
        Path out = tmp.resolve("never");
        assertUsageError("unknown option '--colour'", "generate", "--colour", "red", "--out", out.toString());
        assertUsageError("--count must be a positive whole number", "generate", "--count", "0", "--out",
                out.toString());
        assertUsageError("--count must be a positive whole number", "generate", "--count", "-5", "--out",
                out.toString());
        assertUsageError("--count must be a positive whole number, not 'many'", "generate", "--count", "many",
                "--out", out.toString());
        assertUsageError("--narratives must be offline, llm or none", "generate", "--narratives", "poetry",
                "--out", out.toString());
        assertUsageError("unknown command 'generat'", "generat");
        assertUsageError("option --count needs a value", "generate", "--count");
        assertFalse(Files.exists(out), "nothing was created");

        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (!Files.isWritable(locked)) { // root ignores permissions; the check is meaningful for users
                assertUsageError("cannot be written", "generate", "--narratives", "none", "--count", "10",
                        "--out", locked.resolve("sub").toString());
                assertFalse(Files.exists(locked.resolve("sub")));
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUsageError("is a file", "generate", "--narratives", "none", "--count", "10", "--out", file.toString());
    }

    @Test
    void sameSeedSameFilesByteForByte() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", "2500", "--seed", "9",
                "--out", a.toString()).code());
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", "2500", "--seed", "9",
                "--out", b.toString()).code());
        for (String f : new String[] {"moldova_personas_2500.jsonl", "moldova_personas_2500.parquet",
                "moldova_personas_2500.csv"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        assertEquals(2500, Files.readAllLines(a.resolve("moldova_personas_2500.jsonl")).size());
        Path c = tmp.resolve("c");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", "2500", "--seed", "10",
                "--out", c.toString()).code());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("moldova_personas_2500.jsonl")),
                Files.readAllBytes(c.resolve("moldova_personas_2500.jsonl"))), "another seed, another dataset");
    }

    @Test
    void offlineNarrativesAreDeterministicToo() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--count", "600", "--seed", "3", "--out", a.toString()).code());
        assertEquals(ExitCode.SUCCESS, cli("generate", "--count", "600", "--seed", "3", "--out", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a.resolve("moldova_personas_600.parquet")),
                Files.readAllBytes(b.resolve("moldova_personas_600.parquet")));
        String first = Files.readAllLines(a.resolve("moldova_personas_600.jsonl")).get(0);
        assertTrue(first.contains("\"narrative_status\":\"template\""), first);
        assertTrue(first.contains("\"narrative_model\":\"offline-writer/"), first);
    }

    @Test
    void anotherRunsDirectoryIsRefusedUnlessFresh() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", "1000", "--seed", "1",
                "--out", out.toString()).code());
        byte[] before = Files.readAllBytes(out.resolve("moldova_personas_1k.parquet"));
        Result other = cli("generate", "--narratives", "none", "--count", "1000", "--seed", "2", "--out",
                out.toString());
        assertEquals(ExitCode.USAGE, other.code());
        assertTrue(other.errorLine().contains("seed 1") && other.errorLine().contains("--fresh"), other.stderr());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("moldova_personas_1k.parquet")), "nothing touched");
        Result count = cli("generate", "--narratives", "none", "--count", "1500", "--seed", "1", "--out",
                out.toString());
        assertEquals(ExitCode.USAGE, count.code());
        Path mine = Files.writeString(out.resolve("my-notes.txt"), "keep me");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", "1000", "--seed", "2",
                "--fresh", "--out", out.toString()).code());
        assertTrue(Files.exists(mine), "--fresh deletes only this project's files");
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("moldova_personas_1k.parquet"))));
    }

    @Test
    void sameRunAgainResumesAndChangesNothing() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", "1200", "--seed", "4",
                "--out", out.toString()).code());
        byte[] before = Files.readAllBytes(out.resolve("moldova_personas_1200.jsonl"));
        Result again = cli("generate", "--narratives", "none", "--count", "1200", "--seed", "4", "--out",
                out.toString());
        assertEquals(ExitCode.SUCCESS, again.code(), again.stderr());
        assertTrue(again.stderr().contains("resuming") && again.stderr().contains("1200 of 1200"), again.stderr());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("moldova_personas_1200.jsonl")));
    }
}
