package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.PersonaRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first, also after leading
 * spaces) goes into the CSV release with a leading single quote, as spreadsheet tools expect; {@link CsvCells}
 * gives the text back exactly, and harmless text is left alone.
 */
class CsvFormulaTest {

    static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://x.example\",\"click\")", "@SUM(A1:A2)",
            "+40 22 123 456", "-2+3", "\tcmd", "\r=1+1", "  =1+1", "'=already quoted", "''@twice");
    static final List<String> HARMLESS = List.of("Ion are 34 de ani.", "'citat'", "", " spaţiu", "a=b", "[1]");

    @TempDir
    Path dir;

    @Test
    void formulaCellsAreQuotedInTheCsvFile() throws Exception {
        PersonaRecord base = TestRecords.narrated(3);
        Narrative n = base.narrative();
        String summary = FORMULAS.get(0);
        Narrative hostile = new Narrative(FORMULAS.get(1), FORMULAS.get(2), FORMULAS.get(3), FORMULAS.get(4),
                FORMULAS.get(5), FORMULAS.get(6), n.culturalBackground(), FORMULAS.get(7),
                List.of("=cmd|' /C calc'!A0", "Citit"), FORMULAS.get(8), n.hobbiesAndInterestsList(),
                n.careerGoalsAndAmbitions(), summary, NarrativeStatus.LLM, "m", "p");
        Path file = dir.resolve("x.csv");
        try (RowWriter w = RecordCsv.writer(file)) {
            w.write(new PersonaRecord(base.persona(), hostile));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).substring(1); // the byte-order mark
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows;
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(text)) {
            rows = it.readAll();
        }
        List<String> header = List.of(rows.get(0));
        String[] row = rows.get(1);
        assertEquals("'" + FORMULAS.get(1), row[header.indexOf("persona")]);
        assertEquals("'" + FORMULAS.get(2), row[header.indexOf("professional_persona")]);
        assertEquals("'" + FORMULAS.get(3), row[header.indexOf("sports_persona")]);
        assertEquals("'" + FORMULAS.get(4), row[header.indexOf("arts_persona")]);
        assertEquals("'" + FORMULAS.get(5), row[header.indexOf("travel_persona")]);
        assertEquals("'" + FORMULAS.get(6), row[header.indexOf("culinary_persona")]);
        assertEquals("'" + summary, row[header.indexOf("persona_summary")]);
        assertEquals("''=already quoted", row[header.indexOf("skills_and_expertise")]);
        assertEquals(n.culturalBackground(), row[header.indexOf("cultural_background")], "harmless text unchanged");
        for (String cell : row) {
            assertFalse(startsAFormula(cell), "no cell starts a formula: " + cell);
        }
    }

    /** What a spreadsheet would evaluate: =, +, -, @ first (after spaces), or a tab or CR first. */
    static boolean startsAFormula(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        if (cell.charAt(0) == '\t' || cell.charAt(0) == '\r') {
            return true;
        }
        String s = cell.stripLeading();
        return !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
    }

    @Test
    void neutraliseAndOriginalAreExactInverses() {
        for (String s : FORMULAS) {
            String cell = CsvCells.neutralise(s);
            assertEquals('\'', cell.charAt(0), s);
            assertEquals(s, CsvCells.original(cell), "round trip of " + s);
        }
        for (String s : HARMLESS) {
            assertEquals(s, CsvCells.neutralise(s), "left alone: " + s);
            assertEquals(s, CsvCells.original(CsvCells.neutralise(s)));
        }
    }
}
