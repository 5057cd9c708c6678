package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import md.personas.run.ExitCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate passes a generated dataset and fails tampered copies, naming the problem. */
class ValidateCommandTest {

    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void generate() {
        dataset = tmp.resolve("ok");
        assertEquals(ExitCode.SUCCESS, GenerateCommandTest.cli("generate", "--count", "1500", "--seed", "8",
                "--out", dataset.toString()).code());
    }

    /** Runs validate; returns the exit code and stdout. */
    static String[] validate(Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ExitCode code = Main.run(new String[] {"validate", dir.toString()});
            return new String[] {code.name(), out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(original);
        }
    }

    /** A copy of the dataset holding only the JSONL file (edited by {@code edit}) and run.json. */
    static Path tamperedCopy(String name, java.util.function.UnaryOperator<List<String>> edit) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<String> lines = Files.readAllLines(dataset.resolve("moldova_personas_1500.jsonl"));
        Files.write(dir.resolve("moldova_personas_1500.jsonl"), edit.apply(new ArrayList<>(lines)));
        Files.copy(dataset.resolve("run.json"), dir.resolve("run.json"));
        return dir;
    }

    @Test
    void aGeneratedDatasetPasses() {
        String[] r = validate(dataset);
        assertEquals("SUCCESS", r[0], r[1]);
        assertTrue(r[1].contains("1,500 narratives checked, 0 violations") && r[1].contains("verdict: PASS"), r[1]);
        assertTrue(r[1].contains("region x ethnicity"), "the joints are reported");
    }

    @Test
    void aDuplicatedRowFails() throws IOException {
        Path dir = tamperedCopy("dup", lines -> {
            lines.set(10, lines.get(9));
            return lines;
        });
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0]);
        assertTrue(r[1].contains("FAIL index") && r[1].contains("repeated"), r[1]);
    }

    @Test
    void aBrokenHardRuleFails() throws IOException {
        Path dir = tamperedCopy("rule", lines -> {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"age\":19,")) {
                    lines.set(i, lines.get(i).replaceFirst("\"education_level\":\"[^\"]*\"",
                            "\"education_level\":\"Superior\""));
                    break;
                }
            }
            return lines;
        });
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0]);
        assertTrue(r[1].contains("FAIL hard rules") && r[1].contains("minimum 21"), r[1]);
    }

    @Test
    void aNarrativeWithCedillasFails() throws IOException {
        Path dir = tamperedCopy("cedilla", lines -> {
            lines.set(3, lines.get(3).replace("ș", "ş"));
            return lines;
        });
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0]);
        assertTrue(r[1].contains("FAIL narrative contract") && r[1].contains("cedilla"), r[1]);
    }

    /**
     * A narrative edited so that it contradicts its own record (a day off work for someone without a job) still
     * meets the narrative contract; the record-coherence check, which validate runs on every record, finds it.
     */
    @Test
    void aNarrativeThatContradictsItsRecordFailsNamingTheRecord() throws IOException {
        long[] tampered = {-1};
        Path dir = tamperedCopy("incoherent", lines -> {
            for (int i = 0; i < lines.size() && tampered[0] < 0; i++) {
                try {
                    com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(lines.get(i));
                    if (!"Ocupat".equals(r.get("employment_status").asText())) {
                        tampered[0] = r.get("index").asLong();
                        lines.set(i, lines.get(i).replace("\"career_goals_and_ambitions\":\"",
                                "\"career_goals_and_ambitions\":\"Când are o zi liberă, " + r.get("first_name").asText()
                                        + " merge la pescuit. "));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return lines;
        });
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0], r[1]);
        assertTrue(r[1].contains("FAIL narrative contract") && r[1].contains("index " + tampered[0] + ": "
                + "career_goals_and_ambitions") && r[1].contains("zi liberă"), r[1]);
    }

    @Test
    void aMissingDatasetIsAUsageError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        GenerateCommandTest.Result r = GenerateCommandTest.cli("validate", empty.toString());
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.errorLine().contains("no moldova_personas_<label>.parquet"), r.stderr());
    }

    /** A copy of the whole dataset with one release file edited line by line. */
    static Path copyWithEdited(String name, String file, java.util.function.UnaryOperator<List<String>> edit)
            throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : new String[] {"moldova_personas_1500.jsonl", "moldova_personas_1500.parquet",
                "moldova_personas_1500.csv", "run.json"}) {
            Files.copy(dataset.resolve(f), dir.resolve(f));
        }
        Path edited = dir.resolve(file);
        List<String> lines = Files.readAllLines(edited);
        Files.write(edited, edit.apply(new ArrayList<>(lines)));
        return dir;
    }

    @Test
    void allThreeReleaseFilesAreComparedRowByRow() {
        String[] r = validate(dataset);
        assertTrue(r[1].contains("ok   release files") && r[1].contains("agree on all 1,500 rows"), r[1]);
    }

    @Test
    void aDeletedJsonlRowFailsThoughTheParquetFileIsIntact() throws IOException {
        Path dir = copyWithEdited("jsonl-row", "moldova_personas_1500.jsonl", lines -> {
            lines.remove(700);
            return lines;
        });
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0], r[1]);
        assertTrue(r[1].contains("FAIL release files") && r[1].contains("differs between Parquet and JSONL"), r[1]);
    }

    @Test
    void anEditedCsvCellFails() throws IOException {
        Path dir = copyWithEdited("csv-cell", "moldova_personas_1500.csv", lines -> {
            String line = lines.get(40);
            String edited = line.replaceFirst(",(\\d{2}),", ",9$1,");
            org.junit.jupiter.api.Assertions.assertNotEquals(line, edited, "the edit changes a number");
            lines.set(40, edited);
            return lines;
        });
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0], r[1]);
        assertTrue(r[1].contains("FAIL release files") && r[1].contains("differs between Parquet and CSV"), r[1]);
    }

    @Test
    void aMissingReleaseFileOfAGeneratedDirectoryFails() throws IOException {
        Path dir = copyWithEdited("no-csv", "moldova_personas_1500.jsonl", lines -> lines);
        Files.delete(dir.resolve("moldova_personas_1500.csv"));
        String[] r = validate(dir);
        assertEquals("INCOMPLETE", r[0], r[1]);
        assertTrue(r[1].contains("FAIL release files") && r[1].contains("missing: moldova_personas_1500.csv"), r[1]);
    }
}
