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

    @Test
    void aMissingDatasetIsAUsageError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        GenerateCommandTest.Result r = GenerateCommandTest.cli("validate", empty.toString());
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.errorLine().contains("no moldova_personas_<label>.parquet"), r.stderr());
    }
}
