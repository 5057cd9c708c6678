package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import md.personas.record.Column;
import md.personas.record.PersonaRecord;
import md.personas.record.Row;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartDirectoryTest {

    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "part-directory-test");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void anAbsentOrEmptyFolderHasNothingDone(@TempDir Path out) throws Exception {
        PartDirectory dir = PartDirectory.in(out);
        assertEquals(new PartScan(List.of(), List.of()), dir.scan());
        assertEquals(0, dir.nextPartNumber());
        assertEquals(new BitSet(), dir.doneIndices());
        assertEquals(List.of(), PartSinksTest.readAll(dir.rows()));
        Files.createDirectories(dir.path());
        assertEquals(0, dir.nextPartNumber());
    }

    @Test
    void onlyPairsOfFinishedFilesAreDoneAndOrphansAreReportedUntilRemoved(@TempDir Path out) throws Exception {
        PartDirectory dir = PartDirectory.in(out);
        List<PersonaRecord> records = TestRecords.structuredRecords(500);
        // parts 0..2 finished as pairs
        new PartWriter(dir, PartFormat.JSONL).write(0, records.subList(0, 100));
        new PartWriter(dir, PartFormat.PARQUET).write(0, records.subList(0, 100));
        new PartWriter(dir, PartFormat.JSONL).write(1, records.subList(100, 200));
        new PartWriter(dir, PartFormat.PARQUET).write(1, records.subList(100, 200));
        new PartWriter(dir, PartFormat.PARQUET).write(2, records.subList(200, 300));
        new PartWriter(dir, PartFormat.JSONL).write(2, records.subList(200, 300));
        // part 3: the run stopped between the JSONL rename and the Parquet rename
        new PartWriter(dir, PartFormat.JSONL).write(3, records.subList(300, 400));
        PartFormat.PARQUET.writeSynced(dir.path().resolve(PartFormat.PARQUET.tempFileName(3)),
                records.subList(300, 400));
        // part 4: killed while the JSONL file was half written
        Path halfWritten = dir.path().resolve(PartFormat.JSONL.tempFileName(4));
        byte[] line = RecordJson.toLine(records.get(400));
        Files.write(halfWritten, java.util.Arrays.copyOf(line, line.length / 2));
        // somebody's notes: not a part, never touched
        Files.writeString(dir.path().resolve("notes.txt"), "ne-am oprit la partea 3");

        PartScan scan = dir.scan();
        assertEquals(List.of(0, 1, 2), scan.finished().stream().map(FinishedPart::number).toList());
        assertEquals(List.of(
                new Orphan(dir.path().resolve("part-000003.jsonl"), 3, Orphan.Reason.MISSING_PARTNER),
                new Orphan(dir.path().resolve("part-000003.parquet.tmp"), 3, Orphan.Reason.UNFINISHED),
                new Orphan(dir.path().resolve("part-000004.jsonl.tmp"), 4, Orphan.Reason.UNFINISHED)),
                scan.orphans());
        assertEquals(5, scan.nextPartNumber(), "a new part never reuses an orphan's number");
        BitSet done = dir.doneIndices();
        assertEquals(300, done.cardinality());
        assertEquals(300, done.nextClearBit(0), "indices 0..299 are done, 300.. are not");

        assertEquals(scan, dir.scan(), "scanning removes nothing");
        assertEquals(scan.orphans(), dir.removeOrphans());
        assertEquals(List.of(), dir.scan().orphans());
        assertEquals(3, dir.nextPartNumber());
        assertEquals(Set.of("part-000000.jsonl", "part-000000.parquet", "part-000001.jsonl", "part-000001.parquet",
                "part-000002.jsonl", "part-000002.parquet", "notes.txt"), PartSinksTest.fileNames(dir.path()));
        assertEquals(done, dir.doneIndices());
    }

    @Test
    void theStructuredRowsOfDonePartsComeBackSortedWithoutTheirNarratives(@TempDir Path out) throws Exception {
        PartDirectory dir = PartDirectory.in(out);
        List<PersonaRecord> records = TestRecords.arrivalOrder(TestRecords.narratedRecords(300), 30, 4);
        for (int part = 0; part < 3; part++) {
            for (PartFormat f : PartFormat.values()) {
                new PartWriter(dir, f).write(part, records.subList(part * 100, part * 100 + 100));
            }
        }
        Set<Column> structured = EnumSet.of(Column.SEX, Column.AGE, Column.REGION, Column.ETHNICITY);

        List<StoredRow> rows = PartSinksTest.readAll(dir.rows(structured));

        assertEquals(300, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            PersonaRecord expected = TestRecords.narrated(i);
            StoredRow row = rows.get(i);
            assertEquals((long) i, row.get(Column.INDEX));
            assertEquals(expected.persona().region(), row.get(Column.REGION));
            assertEquals(expected.persona().age(), row.get(Column.AGE));
            assertEquals(null, row.get(Column.CULTURAL_BACKGROUND), "narratives are not read");
        }
        List<Row> streamed = dir.rowsSource(structured).runWith(Sink.seq(), system)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(rows, streamed);
    }

    @Test
    void anIndexInTwoFinishedPartsIsReportedNotHidden(@TempDir Path out) throws Exception {
        PartDirectory dir = PartDirectory.in(out);
        List<PersonaRecord> records = TestRecords.structuredRecords(30);
        for (PartFormat f : PartFormat.values()) {
            new PartWriter(dir, f).write(0, records.subList(0, 20));
            new PartWriter(dir, f).write(1, records.subList(15, 30));
        }
        RecordFormatException e = assertThrows(RecordFormatException.class, dir::doneIndices);
        assertTrue(e.getMessage().contains("index 15 is also in an earlier part"), e.getMessage());
        RecordFormatException merge = assertThrows(RecordFormatException.class,
                () -> PartSinksTest.readAll(dir.rows()));
        assertTrue(merge.getMessage().contains("index 15 is in both"), merge.getMessage());
    }
}
