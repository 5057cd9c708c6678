package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import md.personas.record.Column;
import md.personas.record.PersonaRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordJsonTest {

    @Test
    void aLineHoldsEveryColumnInContractOrderAndReadsBackEqual() throws Exception {
        PersonaRecord record = TestRecords.narrated(7);
        byte[] line = RecordJson.toLine(record);
        String text = new String(line, StandardCharsets.UTF_8);

        assertEquals('\n', text.charAt(text.length() - 1));
        assertEquals(1, text.chars().filter(ch -> ch == '\n').count(), "one record, one line");
        int previous = -1;
        for (Column c : Column.values()) {
            int at = text.indexOf("\"" + c.columnName() + "\":");
            assertTrue(at > previous, c.columnName() + " out of order");
            previous = at;
        }
        assertTrue(text.contains("\"skills_and_expertise_list\":[\"Organizare\",\"Comunicare\","), text);
        assertTrue(text.contains("\"age\":" + record.persona().age() + ","), "age is a JSON number");
        assertEquals(StoredRow.copyOf(record), RecordJson.parseLine(text.strip()));
    }

    @Test
    void romanianLettersAreWrittenAsThemselvesAndOutputIsDeterministic() {
        PersonaRecord record = TestRecords.narrated(3);
        byte[] first = RecordJson.toLine(record);
        String text = new String(first, StandardCharsets.UTF_8);
        assertTrue(text.contains("în"), text);
        assertTrue(text.contains("ș") && text.contains("ț") && text.contains("ă"), "diacritics kept as UTF-8");
        assertFalse(text.contains("\\u"), "no \\u escapes: " + text);
        assertTrue(text.contains("\\\"acasă\\\""), "quotes escaped");
        assertTrue(text.contains("diversitate.\\n"), "line breaks escaped inside strings");
        assertArrayEquals(first, RecordJson.toLine(TestRecords.narrated(3)));
    }

    @Test
    void aFileOfLinesReadsBackInOrder(@TempDir Path dir) throws IOException {
        List<PersonaRecord> records = new ArrayList<>(TestRecords.narratedRecords(20));
        records.addAll(TestRecords.structuredRecords(5));
        Path file = dir.resolve("records.jsonl");
        try (OutputStream out = Files.newOutputStream(file); JsonGenerator g = RecordJson.lineGenerator(out)) {
            for (PersonaRecord r : records) {
                RecordJson.writeLine(g, r);
            }
        }
        assertEquals(records.size(), Files.readAllLines(file).size());
        try (RowCursor cursor = RecordJson.open(file)) {
            for (PersonaRecord r : records) {
                assertEquals(StoredRow.copyOf(r), cursor.next());
            }
            assertNull(cursor.next());
        }
    }

    @Test
    void malformedLinesAreRejectedWithTheReason() {
        String good = new String(RecordJson.toLine(TestRecords.structured(1)), StandardCharsets.UTF_8).strip();
        RecordFormatException unknown = assertThrows(RecordFormatException.class,
                () -> RecordJson.parseLine(good.replace("\"religion\"", "\"religie\"")));
        assertTrue(unknown.getMessage().contains("unknown column 'religie'"), unknown.getMessage());

        RecordFormatException missing = assertThrows(RecordFormatException.class,
                () -> RecordJson.parseLine(good.replaceFirst("\"country\":\"[^\"]*\",", "")));
        assertTrue(missing.getMessage().contains("missing columns [country]"), missing.getMessage());

        RecordFormatException type = assertThrows(RecordFormatException.class,
                () -> RecordJson.parseLine(good.replaceFirst("\"age\":(\\d+)", "\"age\":\"$1\"")));
        assertTrue(type.getMessage().contains("'age' must be a 32-bit integer"), type.getMessage());

        assertThrows(RecordFormatException.class, () -> RecordJson.parseLine(good.substring(0, 100)));
    }

    @Test
    void aNullValueIsRefusedRatherThanWritten() {
        PersonaRecord r = TestRecords.structured(2);
        PersonaRecord broken = new PersonaRecord(r.persona().withIndex(2, null), r.narrative());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordJson.toLine(broken));
        assertTrue(e.getMessage().contains("uuid"), e.getMessage());
    }
}
