package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import md.personas.record.PersonaRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that stops taking writes in the middle of a run: the stream fails with a clear error, every part
 * finished before stays byte-for-byte intact, and a resumed run completes with the same release files as a run
 * that never failed.
 */
class BrokenDiskTest {

    private static final int CHECKPOINT = 100;

    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "broken-disk-test");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void aFolderMadeUnwritableMidRunKeepsItsCheckpointsAndAResumeCompletes(@TempDir Path tmp) throws Exception {
        List<PersonaRecord> records = TestRecords.arrivalOrder(TestRecords.structuredRecords(500), 20, 5);
        Path out = tmp.resolve("out");
        PartDirectory dir = PartDirectory.in(out);
        try (BrokenDisk disk = BrokenDisk.unwritable(dir.path())) {
            Map<Path, byte[]> checkpoint = new LinkedHashMap<>();
            // 250 records (two parts and half a third), then the disk breaks, then the rest
            CompletableFuture<Boolean> broken = CompletableFuture.supplyAsync(() -> {
                try {
                    awaitFinishedParts(dir, 2);
                    for (FinishedPart p : dir.scan().finished()) {
                        checkpoint.put(p.jsonl(), Files.readAllBytes(p.jsonl()));
                        checkpoint.put(p.parquet(), Files.readAllBytes(p.parquet()));
                    }
                    disk.breakIt();
                    return true;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Source<PersonaRecord, ?> stream = Source.from(records.subList(0, 250))
                    .concat(Source.completionStage(broken)
                            .flatMapConcat(ok -> Source.from(records.subList(250, 500))));

            PartStreams.Outcome outcome = PartStreams.run(system, stream, dir, PartSettings.of(CHECKPOINT));

            Throwable failure = PartStreams.Outcome.failure(outcome.jsonl());
            assertInstanceOf(CheckpointFailedException.class, failure, disk.how());
            assertEquals(2, ((CheckpointFailedException) failure).partNumber());
            assertTrue(failure.getMessage().startsWith("could not write checkpoint part 2 (part-000002.jsonl) in "),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("Finished parts are intact"), failure.getMessage());
            System.out.println("[" + disk.how() + "] " + failure.getMessage());

            disk.repair();
            assertEquals(4, checkpoint.size());
            for (Map.Entry<Path, byte[]> e : checkpoint.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey() + " changed");
            }
            assertEquals(List.of(0, 1), finishedNumbers(dir));

            resumeAndCompareWithAnUninterruptedRun(records, dir, tmp);
        }
    }

    @Test
    void aDiskFullMidPartKeepsItsCheckpointsAndAResumeCompletes(@TempDir Path tmp) throws Exception {
        List<PersonaRecord> records = TestRecords.arrivalOrder(TestRecords.narratedRecords(1500), 20, 6);
        Path out = tmp.resolve("out");
        PartDirectory dir = PartDirectory.in(out);
        Files.createDirectories(dir.path());
        // ~500 KB of JSONL and ~100 KB of Parquet per 100-record part: 2 MB fills during the fourth part or so
        Assumptions.assumeTrue(BrokenDisk.Tmpfs.mount(dir.path(), "2m"),
                "this test needs to mount a small tmpfs (root with CAP_SYS_ADMIN)");
        try {
            PartStreams.Outcome outcome = PartStreams.run(system, Source.from(records), dir,
                    PartSettings.of(CHECKPOINT));

            List<Throwable> failures = new ArrayList<>();
            for (CompletableFuture<PartsWritten> sink : List.of(outcome.jsonl(), outcome.parquet())) {
                if (sink.isCompletedExceptionally()) {
                    failures.add(PartStreams.Outcome.failure(sink));
                }
            }
            assertTrue(!failures.isEmpty(), "a full disk fails the stream");
            Throwable failure = failures.get(0);
            assertInstanceOf(CheckpointFailedException.class, failure);
            assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
            System.out.println("[tmpfs of 2 MB] " + failure.getMessage());

            PartScan scan = dir.scan();
            assertTrue(scan.finished().size() >= 2, "parts before the disk filled up are finished: " + scan);
            // every finished pair is intact: readable, the same rows in both formats, the records that arrived
            for (FinishedPart p : scan.finished()) {
                List<StoredRow> json = PartSinksTest.readAll(RecordJson.open(p.jsonl()));
                assertEquals(json, PartSinksTest.readAll(RecordParquet.open(p.parquet())));
                int from = p.number() * CHECKPOINT;
                assertEquals(records.subList(from, from + CHECKPOINT).stream().map(StoredRow::copyOf)
                        .sorted(java.util.Comparator.comparingLong(StoredRow::index)).toList(), json);
            }

            BrokenDisk.Tmpfs.resize(dir.path(), "64m");
            System.out.println("[tmpfs of 2 MB] orphans removed before resuming: " + dir.removeOrphans());
            resumeAndCompareWithAnUninterruptedRun(records, dir, tmp);
        } finally {
            BrokenDisk.Tmpfs.unmount(dir.path());
        }
    }

    /** Resumes into {@code dir} and checks the release against a run into a fresh directory that never failed. */
    private static void resumeAndCompareWithAnUninterruptedRun(List<PersonaRecord> records, PartDirectory dir,
            Path tmp) throws Exception {
        dir.removeOrphans();
        BitSet done = dir.doneIndices();
        PartSettings resumed = PartSettings.of(CHECKPOINT).withFirstPartNumber(dir.nextPartNumber());
        PartStreams.Outcome outcome = PartStreams.run(system,
                Source.from(records).filter(r -> !done.get((int) r.index())), dir, resumed);
        assertEquals(records.size() - done.cardinality(), outcome.jsonlWritten().records());
        assertEquals(records.size() - done.cardinality(), outcome.parquetWritten().records());
        ReleaseFiles release = ReleaseWriter.write(dir, tmp.resolve("release"), "resumed");

        PartDirectory fresh = PartDirectory.in(tmp.resolve("fresh"));
        PartStreams.run(system, Source.from(records), fresh, PartSettings.of(CHECKPOINT)).jsonlWritten();
        ReleaseFiles reference = ReleaseWriter.write(fresh, tmp.resolve("reference"), "resumed");

        assertEquals(records.size(), release.rows());
        assertTrue(release.contiguousFromZero());
        assertArrayEquals(Files.readAllBytes(reference.jsonl()), Files.readAllBytes(release.jsonl()));
        assertArrayEquals(Files.readAllBytes(reference.parquet()), Files.readAllBytes(release.parquet()));
        assertArrayEquals(Files.readAllBytes(reference.csv()), Files.readAllBytes(release.csv()));
    }

    private static List<Integer> finishedNumbers(PartDirectory dir) throws Exception {
        return dir.scan().finished().stream().map(FinishedPart::number).toList();
    }

    private static void awaitFinishedParts(PartDirectory dir, int parts) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (dir.scan().finished().size() < parts) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(parts + " parts never finished");
            }
            Thread.sleep(5);
        }
    }
}
