package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import md.personas.record.PersonaRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartSinksTest {

    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "part-sinks-test");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void bothSinksCutTheSameRecordsIntoSortedFinishedParts(@TempDir Path out) throws Exception {
        List<PersonaRecord> records = TestRecords.arrivalOrder(TestRecords.structuredRecords(2500), 40, 1);
        PartDirectory dir = PartDirectory.in(out);

        PartStreams.Outcome outcome = PartStreams.run(system, Source.from(records), dir, PartSettings.of(1000));

        assertEquals(new PartsWritten(PartFormat.JSONL, 3, 2500, 2), outcome.jsonlWritten());
        assertEquals(new PartsWritten(PartFormat.PARQUET, 3, 2500, 2), outcome.parquetWritten());
        PartScan scan = dir.scan();
        assertEquals(List.of(), scan.orphans());
        assertEquals(List.of(0, 1, 2), scan.finished().stream().map(FinishedPart::number).toList());
        assertEquals(Set.of("part-000000.jsonl", "part-000000.parquet", "part-000001.jsonl", "part-000001.parquet",
                "part-000002.jsonl", "part-000002.parquet"), fileNames(dir.path()), "no temporary file is left");

        for (FinishedPart part : scan.finished()) {
            List<StoredRow> json = readAll(PartFormat.JSONL.open(part.jsonl()));
            List<StoredRow> parquet = readAll(PartFormat.PARQUET.open(part.parquet()));
            assertEquals(json, parquet, "part " + part.number() + " holds the same rows in both formats");
            for (int i = 1; i < json.size(); i++) {
                assertTrue(json.get(i - 1).index() < json.get(i).index(), "part sorted by index");
            }
            // part k holds exactly the records that arrived k-th thousand
            int from = part.number() * 1000;
            List<PersonaRecord> arrived = records.subList(from, Math.min(from + 1000, records.size()));
            assertEquals(arrived.stream().map(StoredRow::copyOf).collect(Collectors.toSet()), new HashSet<>(json));
        }
        assertEquals(2500, dir.doneIndices().cardinality());
        assertEquals(2500, dir.doneIndices().nextClearBit(0));
    }

    @Test
    void aFailedStreamFinishesNoPartialPart(@TempDir Path out) throws Exception {
        List<PersonaRecord> records = TestRecords.arrivalOrder(TestRecords.structuredRecords(1500), 40, 2);
        PartDirectory dir = PartDirectory.in(out);
        Source<PersonaRecord, ?> failing = Source.from(records)
                .concat(PartStreams.failOnceFinished(dir, 1, new IllegalStateException("narrative budget exhausted")));

        PartStreams.Outcome outcome = PartStreams.run(system, failing, dir, PartSettings.of(1000));

        assertEquals("narrative budget exhausted", PartStreams.Outcome.failure(outcome.jsonl()).getMessage());
        assertEquals("narrative budget exhausted", PartStreams.Outcome.failure(outcome.parquet()).getMessage());
        PartScan scan = dir.scan();
        assertEquals(List.of(0), scan.finished().stream().map(FinishedPart::number).toList());
        assertEquals(List.of(), scan.orphans(), "the 500 records after the checkpoint are simply not written");
        assertEquals(Set.of("part-000000.jsonl", "part-000000.parquet"), fileNames(dir.path()));
        assertEquals(1000, dir.doneIndices().cardinality());
    }

    @Test
    void aFinishedPartIsNeverOverwritten(@TempDir Path out) throws Exception {
        PartDirectory dir = PartDirectory.in(out);
        List<PersonaRecord> first = TestRecords.structuredRecords(10);
        PartStreams.run(system, Source.from(first), dir, PartSettings.of(100));
        byte[] before = Files.readAllBytes(dir.path().resolve("part-000000.jsonl"));

        List<PersonaRecord> again = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            again.add(TestRecords.structured(i));
        }
        PartStreams.Outcome outcome = PartStreams.run(system, Source.from(again), dir, PartSettings.of(100));

        Throwable failure = PartStreams.Outcome.failure(outcome.jsonl());
        assertInstanceOf(CheckpointFailedException.class, failure);
        assertTrue(failure.getMessage().contains("already has this number"), failure.getMessage());
        assertArrayEquals(before, Files.readAllBytes(dir.path().resolve("part-000000.jsonl")));
        assertEquals(1, dir.nextPartNumber());
    }

    @Test
    void aResumedRunWritesOnlyWhatIsMissing(@TempDir Path out) throws Exception {
        List<PersonaRecord> all = TestRecords.arrivalOrder(TestRecords.narratedRecords(1200), 25, 3);
        PartDirectory dir = PartDirectory.in(out);
        Source<PersonaRecord, ?> interrupted = Source.from(all.subList(0, 730))
                .concat(PartStreams.failOnceFinished(dir, 3, new IOException("connection reset")));
        PartStreams.run(system, interrupted, dir, PartSettings.of(200));
        assertEquals(3, dir.scan().finished().size());

        // resume: replay the whole stream, skip what the finished parts hold, number new parts after the old
        var done = dir.doneIndices();
        assertEquals(600, done.cardinality());
        PartSettings resumed = PartSettings.of(200).withFirstPartNumber(dir.nextPartNumber());
        PartStreams.Outcome outcome = PartStreams.run(system,
                Source.from(all).filter(r -> !done.get((int) r.index())), dir, resumed);

        assertEquals(new PartsWritten(PartFormat.JSONL, 3, 600, 5), outcome.jsonlWritten());
        assertEquals(1200, dir.doneIndices().cardinality());
        List<StoredRow> merged = readAll(dir.rows());
        assertEquals(TestRecords.narratedRecords(1200).stream().map(StoredRow::copyOf).toList(), merged,
                "every record exactly once, in index order");
    }

    static List<StoredRow> readAll(RowCursor cursor) throws IOException {
        List<StoredRow> rows = new ArrayList<>();
        try (cursor) {
            for (StoredRow r = cursor.next(); r != null; r = cursor.next()) {
                rows.add(r);
            }
        }
        return rows;
    }

    static Set<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
