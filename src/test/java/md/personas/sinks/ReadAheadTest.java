package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {

    @TempDir
    Path dir;

    @Test
    void givesTheFilesRowsInOrderThenNull() throws IOException {
        Path file = dir.resolve("rows.jsonl");
        int n = 1000; // several batches and a partial last one
        try (RowWriter w = RecordJson.writer(file)) {
            for (int i = 0; i < n; i++) {
                w.write(TestRecords.structured(i));
            }
        }
        List<StoredRow> direct = new ArrayList<>();
        try (RowCursor c = RecordJson.open(file)) {
            for (StoredRow r = c.next(); r != null; r = c.next()) {
                direct.add(r);
            }
        }
        List<StoredRow> ahead = new ArrayList<>();
        try (ReadAhead<StoredRow> r = ReadAhead.of("test", RecordJson.open(file))) {
            for (StoredRow row = r.next(); row != null; row = r.next()) {
                ahead.add(row);
            }
            assertNull(r.next());
        }
        assertEquals(n, ahead.size());
        assertEquals(direct, ahead);
    }

    @Test
    void throwsTheReadersFailureAfterTheRowsBeforeIt() throws IOException {
        Path file = dir.resolve("broken.jsonl");
        Files.write(file, RecordJson.toLine(TestRecords.structured(0)));
        Files.writeString(file, "{\"uuid\": 5}\n", StandardOpenOption.APPEND);
        try (ReadAhead<StoredRow> r = ReadAhead.of("test", RecordJson.open(file))) {
            assertEquals(0, r.next().index());
            RecordFormatException e = assertThrows(RecordFormatException.class, r::next);
            assertTrue(e.getMessage().contains("broken.jsonl"), e.getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheReaderAndClosesTheFile() throws IOException {
        AtomicInteger read = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        RowCursor endless = new RowCursor() {
            @Override
            public StoredRow next() {
                return StoredRow.copyOf(TestRecords.structured(read.getAndIncrement()));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        ReadAhead<StoredRow> r = ReadAhead.of("test", endless);
        assertEquals(0, r.next().index());
        r.close(); // returns although the reader never ends: the reading thread stops when it sees the close
        assertEquals(1, closed.get());
    }
}
