package md.personas.operations;

import static md.personas.operations.GenerateCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import md.personas.run.ExitCode;
import md.personas.run.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import md.personas.run.OutputLock;

/**
 * The program replaces or deletes only files it can prove it wrote: a user's README, charts and notes survive plain
 * runs and {@code --fresh}; symbolic links and directories that are no dataset's are refused (exit 2).
 */
class OutputOwnershipTest {

    @TempDir
    Path tmp;

    static GenerateCommandTest.Result generate(Path out, String... more) {
        String[] base = {"generate", "--narratives", "none", "--count", "1000", "--seed", "3", "--out",
            out.toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return cli(args);
    }

    private static void assertRefused(GenerateCommandTest.Result r, String fragment) {
        assertEquals(ExitCode.USAGE, r.code(), r.stderr());
        assertTrue(r.errorLine().contains(fragment), "expected '" + fragment + "' in: " + r.stderr());
    }

    @Test
    void aUsersReadmeIsNeverReplacedNorDeleted() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("notes"));
        Path readme = Files.writeString(out.resolve("README.md"), "my notes");
        assertRefused(generate(out), "README.md");
        assertRefused(generate(out, "--fresh"), "did not write under names it needs: README.md");
        assertEquals("my notes", Files.readString(readme));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count(), "nothing was created beside it");
        }
    }

    /**
     * The reports of a reference run kept without its manifest (as a repository keeps a card and stats) are proved by
     * the card's seal and replaced by the next run; once a person edits the card or a chart, they are foreign.
     */
    @Test
    void reportsKeptWithoutTheirManifestAreReplacedUntilAPersonEditsThem() throws IOException {
        Path run = tmp.resolve("reference");
        assertEquals(ExitCode.SUCCESS, generate(run).code());
        String card = Files.readString(run.resolve("README.md"));
        assertTrue(Files.readString(run.resolve("moldova_personas_1k_stats.md")).lines().reduce((a, b) -> b)
                .orElseThrow().startsWith("<!-- moldova-personas seal: "), "the stats Markdown ends with the seal");

        Path kept = reportsOnly(run, "kept");
        assertEquals(ExitCode.SUCCESS, generate(kept).code(), "a fresh clone's run replaces the sealed reports");
        assertEquals(RunManifest.Status.COMPLETE, RunManifest.readFrom(kept).status());
        assertFalse(md.personas.release.ReportSeal.vouchedFor(kept).isEmpty(), "the new reports are sealed");

        Path editedCard = reportsOnly(run, "edited-card");
        Files.writeString(editedCard.resolve("README.md"), card.replaceFirst("Moldova", "Moldavia"));
        assertRefused(generate(editedCard), "README.md");

        Path editedChart = reportsOnly(run, "edited-chart");
        Files.writeString(editedChart.resolve("charts/sex.svg"), "<svg/>");
        assertRefused(generate(editedChart), "charts/sex.svg");
        assertEquals("<svg/>", Files.readString(editedChart.resolve("charts/sex.svg")), "nothing was touched");
    }

    /** A copy of a run's card, stats and charts only. */
    private Path reportsOnly(Path run, String name) throws IOException {
        Path out = Files.createDirectories(tmp.resolve(name).resolve("charts")).getParent();
        try (Stream<Path> files = Stream.concat(Files.list(run), Files.list(run.resolve("charts")))) {
            for (Path f : files.toList()) {
                String relative = run.relativize(f).toString();
                if (relative.equals("README.md") || relative.contains("_stats.")
                        || relative.startsWith("charts/")) {
                    Files.copy(f, out.resolve(relative));
                }
            }
        }
        return out;
    }

    @Test
    void freshDeletesOnlyWhatTheManifestProvesAndRefusesForeignCharts() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(ExitCode.SUCCESS, generate(out).code());
        RunManifest m = RunManifest.readFrom(out);
        assertTrue(m.writtenFiles().stream().anyMatch(f -> f.path().equals("README.md") && f.sha256() != null),
                "the card is recorded with its hash: " + m.writtenFiles());
        assertTrue(m.writtenFiles().stream().anyMatch(f -> f.path().equals("moldova_personas_1k.parquet")
                && f.bytes() != null));
        Path notes = Files.writeString(out.resolve("charts/notes.txt"), "keep");
        Path mine = Files.writeString(out.resolve("moldova_personas_notes.txt"), "keep");
        Path svg = Files.writeString(out.resolve("charts/mine.svg"), "<svg/>");
        assertRefused(generate(out, "--fresh", "--seed", "4"), "charts/mine.svg");
        Files.delete(svg);
        assertEquals(ExitCode.SUCCESS, generate(out, "--fresh", "--seed", "4").code());
        assertTrue(Files.exists(notes) && Files.exists(mine), "files that are not this program's stay");
        assertEquals(4, RunManifest.readFrom(out).seed());

        Files.writeString(out.resolve("README.md"), "\nedited by hand", java.nio.file.StandardOpenOption.APPEND);
        assertRefused(generate(out, "--fresh", "--seed", "4"), "README.md");
        assertTrue(Files.readString(out.resolve("README.md")).endsWith("edited by hand"), "an edited card stays");
    }

    @Test
    void symbolicLinksOutOfTheDirectoryAreRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious.svg"), "<svg/>");
        Path out = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(out.resolve("charts"), outside);
        assertRefused(generate(out), "symbolic links where this program writes: charts");
        assertTrue(Files.exists(precious));

        Path out2 = Files.createDirectories(tmp.resolve("linked-card"));
        Files.createSymbolicLink(out2.resolve("README.md"), precious);
        assertRefused(generate(out2, "--fresh"), "README.md");
        assertEquals("<svg/>", Files.readString(precious));
    }

    @Test
    void emptyRootAndHomeOutputDirectoriesAreRefused() {
        assertRefused(generate(Path.of("")), "the output directory is empty");
        assertRefused(generate(Path.of("/")), "a filesystem root");
        assertRefused(generate(Path.of(System.getProperty("user.home"))), "home directory");
    }

    @Test
    void aRunJsonThisProgramDidNotWriteIsRefusedEvenWithFresh() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("foreign-run"));
        Files.writeString(out.resolve("run.json"), "{\"hello\": 1}");
        assertRefused(generate(out, "--fresh"), "was not written by this program");
        assertEquals("{\"hello\": 1}", Files.readString(out.resolve("run.json")));
    }

    @Test
    void aSecondRunInTheSameProcessIsToldTheDirectoryIsInUse() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("locked"));
        try (OutputLock held = OutputLock.acquire(out, OutputLock.WHOLE_DIRECTORY)) {
            GenerateCommandTest.Result r = generate(out);
            assertRefused(r, "is in use by a live run (pid " + ProcessHandle.current().pid());
            assertFalse(Files.exists(out.resolve("run.json")));
        }
        assertEquals(ExitCode.SUCCESS, generate(out).code(), "the lock is released with its run");
    }

    @Test
    void theLockFileOfAProcessThatIsGoneIsTakenOver() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(out.resolve(OutputLock.WHOLE_DIRECTORY), "pid 999999 on host gone since 2026-01-01\n");
        GenerateCommandTest.Result r = generate(out);
        assertEquals(ExitCode.SUCCESS, r.code(), r.stderr());
        assertTrue(Files.readString(out.resolve(OutputLock.WHOLE_DIRECTORY))
                .startsWith("pid " + ProcessHandle.current().pid() + " on host "));
    }
}
