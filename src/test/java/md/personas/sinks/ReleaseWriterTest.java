package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import md.personas.record.Column;
import md.personas.record.PersonaRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseWriterTest {

    private static final int COUNT = 2000;

    private static ActorSystem<Void> system;
    private static List<PersonaRecord> records;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "release-writer-test");
        records = TestRecords.narratedRecords(COUNT);
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void theReleaseIsEveryRecordOnceInIndexOrderMergedFromFewOpenParts(@TempDir Path out) throws Exception {
        PartDirectory dir = parts(out, 100, 60, 11);
        assertEquals(20, dir.scan().finished().size());
        try (PartMerge merge = dir.merge(PartFormat.JSONL, java.util.EnumSet.allOf(Column.class))) {
            long expected = 0;
            for (StoredRow row = merge.next(); row != null; row = merge.next()) {
                assertEquals(expected++, row.index());
            }
            assertEquals(COUNT, expected);
            assertTrue(merge.maxOpen() <= 2, "parts overlap only at their edges, so at most two are open: "
                    + merge.maxOpen());
        }

        ReleaseFiles release = ReleaseWriter.write(dir, out, DatasetLabel.of(COUNT));

        assertEquals(out.resolve("moldova_personas_2k.jsonl"), release.jsonl());
        assertEquals(new ReleaseFiles(release.jsonl(), out.resolve("moldova_personas_2k.parquet"),
                out.resolve("moldova_personas_2k.csv"), COUNT, 0, COUNT - 1), release);
        assertTrue(release.contiguousFromZero());
        assertEquals(records.stream().map(StoredRow::copyOf).toList(),
                PartSinksTest.readAll(RecordJson.open(release.jsonl())));
        assertEquals(records.stream().map(StoredRow::copyOf).toList(),
                PartSinksTest.readAll(RecordParquet.open(release.parquet())));
        assertFalse(PartSinksTest.fileNames(out).stream().anyMatch(n -> n.endsWith(".tmp")));
    }

    /** The release check reads the files back and compares every column, not only index and uuid. */
    @Test
    void aReleaseWhoseFilesDisagreeInOneCellIsRefused(@TempDir Path out) throws Exception {
        ReleaseFiles release = ReleaseWriter.write(parts(out, 500, 80, 31), out, "2k");
        List<Path> files = List.of(release.jsonl(), release.parquet(), release.csv());
        ReleaseWriter.check(files, COUNT, 0, COUNT - 1, COUNT, () -> false); // as written: accepted

        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(release.csv(), StandardCharsets.UTF_8));
        int at = 1000;
        while (!lines.get(at).contains(",Feminin,")) {
            at++;
        }
        lines.set(at, lines.get(at).replaceFirst(",Feminin,", ",Masculin,"));
        Files.write(release.csv(), lines, StandardCharsets.UTF_8);

        ReleaseWriter.Refused refused = org.junit.jupiter.api.Assertions.assertThrows(ReleaseWriter.Refused.class,
                () -> ReleaseWriter.check(files, COUNT, 0, COUNT - 1, COUNT, () -> false));
        assertTrue(refused.getMessage().contains("sex differs between Parquet and CSV"), refused.getMessage());
    }

    @Test
    void theSameRecordsGiveByteIdenticalFilesHoweverTheyWereCutIntoParts(@TempDir Path out) throws Exception {
        PartDirectory a = parts(out.resolve("a"), 1000, 50, 21);
        PartDirectory b = parts(out.resolve("b"), 170, 200, 22);
        ReleaseFiles ra = ReleaseWriter.write(a, out.resolve("a"), "2k", 512);
        ReleaseFiles rb = ReleaseWriter.write(b, out.resolve("b"), "2k", 512);

        assertArrayEquals(Files.readAllBytes(ra.jsonl()), Files.readAllBytes(rb.jsonl()));
        assertArrayEquals(Files.readAllBytes(ra.parquet()), Files.readAllBytes(rb.parquet()));
        assertArrayEquals(Files.readAllBytes(ra.csv()), Files.readAllBytes(rb.csv()));
        // and the JSONL release is the records' own lines, in order
        byte[] expected = records.stream().map(RecordJson::toLine)
                .collect(java.io.ByteArrayOutputStream::new, (o, l) -> o.write(l, 0, l.length), (x, y) -> { })
                .toByteArray();
        assertArrayEquals(expected, Files.readAllBytes(ra.jsonl()));
    }

    @Test
    void duckDbReadsAllThreeFilesWithTheRightTypesAndCounts(@TempDir Path out) throws Exception {
        PartDirectory dir = parts(out, 500, 40, 31);
        ReleaseFiles release = ReleaseWriter.write(dir, out, "2k", 700);
        Map<String, Long> byRegion = records.stream()
                .collect(Collectors.groupingBy(r -> r.persona().region(), TreeMap::new, Collectors.counting()));

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            String parquet = "read_parquet('" + release.parquet() + "')";
            assertEquals(Map.of("uuid", "VARCHAR", "index", "BIGINT", "age", "INTEGER",
                    "ocean_neuroticism", "INTEGER", "skills_and_expertise_list", "VARCHAR[]",
                    "hobbies_and_interests_list", "VARCHAR[]", "persona_summary", "VARCHAR"),
                    types(st, parquet, "uuid", "index", "age", "ocean_neuroticism", "skills_and_expertise_list",
                            "hobbies_and_interests_list", "persona_summary"));
            assertEquals(Column.values().length, types(st, parquet).size());
            assertEquals(COUNT, scalar(st, "SELECT count(*) FROM " + parquet));
            assertEquals(byRegion, groupCounts(st, "SELECT region, count(*) FROM " + parquet + " GROUP BY region"));
            assertEquals(3, scalar(st, "SELECT count(DISTINCT row_group_id) FROM parquet_metadata('"
                    + release.parquet() + "')"), "2000 rows in groups of at most 700");
            assertEquals(COUNT - 1, scalar(st, "SELECT max(\"index\") FROM " + parquet));
            assertEquals(COUNT, scalar(st, "SELECT count(DISTINCT \"index\") FROM " + parquet));

            String json = "read_json_auto('" + release.jsonl() + "')";
            assertEquals(COUNT, scalar(st, "SELECT count(*) FROM " + json));
            assertEquals(byRegion, groupCounts(st, "SELECT region, count(*) FROM " + json + " GROUP BY region"));
            assertEquals(Map.of("index", "BIGINT", "hobbies_and_interests_list", "VARCHAR[]"),
                    types(st, json, "index", "hobbies_and_interests_list"));

            String csv = "read_csv('" + release.csv() + "')";
            assertEquals(COUNT, scalar(st, "SELECT count(*) FROM " + csv));
            assertEquals(byRegion, groupCounts(st, "SELECT region, count(*) FROM " + csv + " GROUP BY region"));
            assertEquals(Arrays.stream(Column.values()).map(Column::columnName).toList(),
                    List.copyOf(types(st, csv).keySet()), "the header names every column in order");
            PersonaRecord probe = records.get(1234);
            try (ResultSet rs = st.executeQuery("SELECT name, cultural_background, hobbies_and_interests_list FROM "
                    + csv + " WHERE \"index\" = 1234")) {
                assertTrue(rs.next());
                assertEquals(probe.persona().name(), rs.getString(1));
                assertEquals(probe.narrative().culturalBackground(), rs.getString(2), "quotes, commas and line "
                        + "breaks survive the CSV round trip");
                assertEquals(probe.narrative().hobbiesAndInterestsList(),
                        Arrays.asList(new ObjectMapper().readValue(rs.getString(3), String[].class)));
            }
        }
        byte[] csvBytes = Files.readAllBytes(release.csv());
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csvBytes, 3),
                "a UTF-8 byte-order mark, for Excel");
        String text = new String(csvBytes, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFFuuid,index,name,first_name,last_name,sex,age,"), text.substring(0, 60));
        assertTrue(text.contains("\r\n"), "RFC 4180 line ends");
        assertTrue(text.contains("ș") || text.contains("ț"), "diacritics as UTF-8 text");
    }

    /** Writes the test records through both part sinks, in a shuffled arrival order. */
    private static PartDirectory parts(Path out, int checkpointEvery, int disorder, long seed) throws Exception {
        PartDirectory dir = PartDirectory.in(out);
        List<PersonaRecord> arrival = TestRecords.arrivalOrder(records, disorder, seed);
        PartStreams.Outcome outcome = PartStreams.run(system, Source.from(arrival), dir,
                PartSettings.of(checkpointEvery));
        assertEquals(COUNT, outcome.jsonlWritten().records());
        assertEquals(COUNT, outcome.parquetWritten().records());
        return dir;
    }

    private static Map<String, String> types(Statement st, String relation, String... only) throws Exception {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        List<String> wanted = Arrays.asList(only);
        try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
            while (rs.next()) {
                if (wanted.isEmpty() || wanted.contains(rs.getString(1))) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static long scalar(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> groupCounts(Statement st, String sql) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
