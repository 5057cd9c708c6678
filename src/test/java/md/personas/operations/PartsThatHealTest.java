package md.personas.operations;

import static md.personas.operations.GenerateCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import md.personas.run.ExitCode;
import md.personas.run.RunManifest;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.ReleaseWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged checkpoint parts are quarantined (never deleted) and written again, and the release is byte-identical to
 * an undamaged run's; a release that would be incomplete never replaces a good one. (Longer: ops/drill-reliability.)
 */
class PartsThatHealTest {

    static final String COUNT = "3000";
    static final String RELEASE = "moldova_personas_3k.parquet";

    @TempDir
    static Path tmp;
    static Path reference;

    @BeforeAll
    static void referenceRun() {
        reference = tmp.resolve("reference");
        assertEquals(ExitCode.SUCCESS, run(reference).code());
    }

    static GenerateCommandTest.Result run(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", "--narratives", "none", "--count", COUNT, "--seed",
                "21", "--out", out.toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    /** A copy of the reference's parts and run.json, without release files. */
    static Path partsOnly(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name).resolve(PartDirectory.PARTS)).getParent();
        try (Stream<Path> parts = Files.list(reference.resolve(PartDirectory.PARTS))) {
            for (Path p : parts.toList()) {
                Files.copy(p, dir.resolve(PartDirectory.PARTS).resolve(p.getFileName()));
            }
        }
        Files.copy(reference.resolve("run.json"), dir.resolve("run.json"));
        return dir;
    }

    interface Damage {
        void apply(Path parts) throws IOException;
    }

    private static void assertHeals(String name, Damage damage) throws IOException {
        Path dir = partsOnly(name);
        damage.apply(dir.resolve(PartDirectory.PARTS));
        GenerateCommandTest.Result r = run(dir, "--resume");
        assertEquals(ExitCode.SUCCESS, r.code(), name + ": " + r.stderr());
        assertTrue(r.stderr().contains("quarantined"), name + ": one line says so: " + r.stderr());
        try (Stream<Path> q = Files.list(dir.resolve(PartDirectory.PARTS).resolve("quarantine"))) {
            assertTrue(q.findAny().isPresent(), name + ": the damaged file is kept in parts/quarantine/");
        }
        assertArrayEquals(Files.readAllBytes(reference.resolve(RELEASE)), Files.readAllBytes(dir.resolve(RELEASE)),
                name + ": the release is the undamaged run's");
    }

    private static void truncate(Path file, long bytes) throws IOException {
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, (int) Math.min(bytes, all.length)));
    }

    @Test
    void unreadableUnpairedAndWrongPartsAreQuarantinedAndRedone() throws IOException {
        assertHeals("truncated parquet", p -> truncate(p.resolve("part-000001.parquet"), 300));
        assertHeals("empty jsonl", p -> Files.write(p.resolve("part-000002.jsonl"), new byte[0]));
        assertHeals("garbage parquet", p -> {
            byte[] noise = new byte[4000];
            new Random(1).nextBytes(noise);
            Files.write(p.resolve("part-000000.parquet"), noise);
        });
        assertHeals("unpaired jsonl", p -> Files.delete(p.resolve("part-000001.parquet")));
        assertHeals("stray copy of a pair", p -> {
            Files.copy(p.resolve("part-000001.jsonl"), p.resolve("part-000077.jsonl"));
            Files.copy(p.resolve("part-000001.parquet"), p.resolve("part-000077.parquet"));
        });
        assertHeals("jsonl rows out of order", p -> {
            List<String> lines = new ArrayList<>(Files.readAllLines(p.resolve("part-000002.jsonl")));
            lines.add(0, lines.remove(lines.size() - 1));
            Files.write(p.resolve("part-000002.jsonl"), lines);
        });
        assertHeals("jsonl missing rows", p -> {
            List<String> lines = Files.readAllLines(p.resolve("part-000000.jsonl"));
            Files.write(p.resolve("part-000000.jsonl"), lines.subList(0, lines.size() - 5));
        });
    }

    /** A JSONL part that still parses, with the same index and uuid, but whose content was changed. */
    @Test
    void aValidJsonlRowWhoseContentDiffersFromItsParquetPartnerIsCaught() throws IOException {
        assertHeals("jsonl sex edited", p -> editLine(p.resolve("part-000001.jsonl"), 17,
                line -> line.contains("\"Feminin\"") ? line.replace("\"Feminin\"", "\"Masculin\"")
                        : line.replace("\"Masculin\"", "\"Feminin\"")));
        assertHeals("jsonl age edited", p -> editLine(p.resolve("part-000002.jsonl"), 3,
                line -> line.replaceFirst("\"age\":(\\d+)", "\"age\":1$1")));
    }

    private static void editLine(Path file, int line, java.util.function.UnaryOperator<String> edit)
            throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String edited = edit.apply(lines.get(line));
        assertTrue(!edited.equals(lines.get(line)), "the damage changes the line");
        lines.set(line, edited);
        Files.write(file, lines);
    }

    @Test
    void aPairOfAnotherSeedUnderAValidNameIsCaught() throws IOException {
        Path other = tmp.resolve("other-seed");
        assertEquals(ExitCode.SUCCESS, cli("generate", "--narratives", "none", "--count", COUNT, "--seed", "22",
                "--out", other.toString()).code());
        assertHeals("pair of another seed", p -> {
            for (String f : new String[] {"part-000001.jsonl", "part-000001.parquet"}) {
                Files.copy(other.resolve("parts").resolve(f), p.resolve(f),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    @Test
    void aReleaseMissingRowsNeverReplacesAGoodOne() throws IOException {
        Path dir = tmp.resolve("good-release");
        assertEquals(ExitCode.SUCCESS, run(dir).code());
        byte[] good = Files.readAllBytes(dir.resolve(RELEASE));
        Path part = dir.resolve("parts/part-000001.jsonl");
        List<String> lines = Files.readAllLines(part);
        Files.write(part, lines.subList(0, lines.size() - 5));

        ReleaseWriter.Refused refused = assertThrows(ReleaseWriter.Refused.class, () -> ReleaseWriter.write(
                PartDirectory.in(dir), dir, "3k", ReleaseWriter.ROW_GROUP_ROWS, List.of(), 3000, () -> false));
        assertTrue(refused.getMessage().contains("2995 rows"), refused.getMessage());
        assertArrayEquals(good, Files.readAllBytes(dir.resolve(RELEASE)), "the good release stays");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        assertEquals(ExitCode.SUCCESS, run(dir).code(), "the next run heals the part");
        assertArrayEquals(good, Files.readAllBytes(dir.resolve(RELEASE)));
        assertEquals(3000, Files.readAllLines(dir.resolve("moldova_personas_3k.jsonl")).size());
    }

    /** A disk that fills during the release: exit 1 with the disk line, run.json final, no temporary file. */
    @Test
    void aDiskFullDuringTheReleaseIsOneLineAndAFinalManifest() throws Exception {
        Path source = partsOnly("for-tmpfs");
        long partsBytes;
        try (Stream<Path> parts = Files.list(source.resolve(PartDirectory.PARTS))) {
            partsBytes = parts.mapToLong(p -> p.toFile().length()).sum();
        }
        Path mount = Files.createDirectories(tmp.resolve("tmpfs"));
        long kib = (partsBytes + partsBytes / 2) / 1024 + 200;
        Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", mount.toString()) == 0,
                "needs root and tmpfs");
        try {
            Files.createDirectories(mount.resolve(PartDirectory.PARTS));
            try (Stream<Path> parts = Files.list(source.resolve(PartDirectory.PARTS))) {
                for (Path p : parts.toList()) {
                    Files.copy(p, mount.resolve(PartDirectory.PARTS).resolve(p.getFileName()));
                }
            }
            Files.copy(source.resolve("run.json"), mount.resolve("run.json"));
            GenerateCommandTest.Result r = run(mount, "--resume");
            assertEquals(ExitCode.INCOMPLETE, r.code(), r.stderr());
            assertTrue(r.errorLine().contains("disk error in " + mount) && r.errorLine().contains("--resume"),
                    r.stderr());
            RunManifest m = RunManifest.readFrom(mount);
            assertEquals(RunManifest.Status.INCOMPLETE, m.status());
            assertTrue(m.endReason().contains("disk error"), m.endReason());
            assertEquals(3000, m.counts().written(), "what is on disk: every part");
            try (Stream<Path> files = Files.list(mount)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no .tmp left");
            }
        } finally {
            exec("umount", "-l", mount.toString());
        }
    }

    private static int exec(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
