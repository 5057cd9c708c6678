package md.personas.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.Dimension;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.FitStatistics;
import md.personas.monitoring.MonitorVerdict;
import md.personas.run.RunManifest;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.PersonaRecord;
import md.personas.sinks.DatasetLabel;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;
import md.personas.sinks.PartSinks;
import md.personas.sinks.ReleaseWriter;
import md.personas.sinks.TestRecords;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A real small release, written through the part sinks and the release writer, reported on, and checked with
 * independent readers: DuckDB for the counts, commons-math (through FitStatistics) for the tests, a YAML parser for
 * the card's front matter and the JDK's XML parser for the charts.
 */
class ReleaseReportsTest {

    private static final int COUNT = 2000;
    private static final String LABEL = DatasetLabel.of(COUNT);

    private static ActorSystem<Void> system;
    private static CensusModel model;
    private static CensusTargets targets;
    private static List<PersonaRecord> records;
    private static RunManifest manifest;

    @TempDir
    static Path shared;
    private static Path out;
    private static ReleaseReports.Written written;

    @BeforeAll
    static void writeReleaseAndReports() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "release-reports-test");
        model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
        records = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            records.add(i % 4 == 0 ? byModel(TestRecords.narrated(i)) : TestRecords.narrated(i));
        }
        manifest = manifest(COUNT);
        out = shared.resolve("release");
        writeRelease(out, records, 500);
        written = ReleaseReports.write(out, LABEL, model, targets, manifest);
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    /** The same narrative, marked as written by an LLM: a release with both kinds of narrative. */
    private static PersonaRecord byModel(PersonaRecord r) {
        Narrative n = r.narrative();
        return new PersonaRecord(r.persona(), new Narrative(n.persona(), n.professionalPersona(), n.sportsPersona(),
                n.artsPersona(), n.travelPersona(), n.culinaryPersona(), n.culturalBackground(),
                n.skillsAndExpertise(), n.skillsAndExpertiseList(), n.hobbiesAndInterests(),
                n.hobbiesAndInterestsList(), n.careerGoalsAndAmbitions(), n.personaSummary(), NarrativeStatus.LLM,
                "qwen-plus", "v1"));
    }

    static RunManifest manifest(long count) {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        return RunManifest.begin(20240408L, count, "personas { count = " + count + " }", model.referenceId(),
                        RunManifest.referenceSha256(ReferenceSource.bundled()),
                        new RunManifest.Narratives("offline", "offline-writer", "v1"), RebalancerSettings.defaults())
                .withPhaseStarted("generate", t0)
                .withRebalancerStats(new QuotaRebalancer.Stats(count + count / 4, count, count / 4, 1.5, 12, 0))
                .withWritten(count)
                .withVerdict(MonitorVerdict.pass(count))
                .withPhaseEnded("generate", t0.plusSeconds(42));
    }

    /** Writes the records through both part sinks and merges the parts into the release files. */
    static void writeRelease(Path dir, List<PersonaRecord> rows, int checkpointEvery) throws Exception {
        PartDirectory parts = PartDirectory.in(dir);
        Source.from(rows).runWith(PartSinks.jsonl(parts, PartSettings.of(checkpointEvery)), system)
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        Source.from(rows).runWith(PartSinks.parquet(parts, PartSettings.of(checkpointEvery)), system)
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        ReleaseWriter.write(parts, dir, DatasetLabel.of(rows.size()));
    }

    private static JsonNode stats() throws Exception {
        return new ObjectMapper().readTree(out.resolve("moldova_personas_2k_stats.json").toFile());
    }

    private static JsonNode table(JsonNode stats, String name) {
        for (JsonNode t : stats.get("tables")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in the stats file");
    }

    @Test
    void theStatsFileNamesEveryTargetTableAndItsRegionCountsEqualDuckDb() throws Exception {
        JsonNode stats = stats();
        assertEquals(COUNT, stats.get("records").asLong());
        assertEquals("moldova_personas_2k.parquet", stats.get("source_file").asText());
        List<String> names = new ArrayList<>();
        stats.get("tables").forEach(t -> names.add(t.get("name").asText()));
        assertEquals(List.copyOf(targets.tables().keySet()), names);

        Map<String, Long> fromStats = new TreeMap<>();
        for (JsonNode cell : table(stats, "region").get("cells")) {
            fromStats.put(cell.get("labels").get(0).asText(), cell.get("observed_count").asLong());
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            assertEquals(groupCounts(st, "SELECT region, count(*) FROM " + parquet() + " GROUP BY region"),
                    fromStats);
        }
    }

    /** The joint audit's counts of Taraclia by ethnicity equal DuckDB's, and the card and Markdown carry it. */
    @Test
    void theJointAuditCountsEqualDuckDbAndReachTheCardAndMarkdown() throws Exception {
        JsonNode audit = stats().get("joint_audit").get("tables");
        JsonNode districtEthnicity = null;
        for (JsonNode t : audit) {
            assertTrue(t.has("srmse") && t.has("source_year") && t.has("provenance") && t.has("status"), t.toString());
            if (t.get("name").asText().equals("district x ethnicity")) {
                districtEthnicity = t;
            }
        }
        assertEquals(model.referenceCrossTabs().size(), audit.size());
        long bulgarians = 0;
        long all = 0;
        for (JsonNode c : districtEthnicity.get("cells")) {
            if (c.get("row").asText().equals("taraclia")) {
                all = c.get("row_records").asLong();
                bulgarians += c.get("category").asText().equals("bulgarian")
                        ? Math.round(c.get("observed_share").asDouble() * all) : 0;
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            Map<String, Long> byEthnicity = groupCounts(st, "SELECT ethnicity, count(*) FROM " + parquet()
                    + " WHERE district = 'Taraclia' GROUP BY ethnicity");
            assertEquals(byEthnicity.values().stream().mapToLong(Long::longValue).sum(), all);
            assertEquals(byEthnicity.getOrDefault("Bulgar", 0L), bulgarians);
        }
        String card = Files.readString(written.card());
        assertTrue(card.contains("## Joints: published, seeded from an older census, modelled"), "card section");
        assertTrue(card.contains("| district x ethnicity | older census, raked to 2024 |"), "card audit table");
        assertTrue(Files.readString(written.statsMarkdown()).contains("## Joint audit"), "stats section");
    }

    /**
     * For every table read as plain columns, DuckDB's GROUP BY gives the observed counts; FitStatistics of those
     * counts gives the same chi-square and p-value as the stats file. OCEAN bins are grouped by raw score and
     * binned with the model's own bins.
     */
    @Test
    void everyTablesCountsAndTestsMatchAnIndependentDuckDbCount() throws Exception {
        JsonNode stats = stats();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            for (TargetTable target : targets.tables().values()) {
                long[] observed = duckDbCounts(st, target);
                JsonNode t = table(stats, target.name());
                JsonNode cells = t.get("cells");
                assertEquals(target.size(), cells.size(), target.name());
                for (int c = 0; c < target.size(); c++) {
                    assertEquals(observed[c], cells.get(c).get("observed_count").asLong(),
                            target.name() + " " + target.cellLabel(c));
                    assertEquals(target.shares()[c], cells.get(c).get("target_share").asDouble(), 0.0);
                }
                FitStatistics expected = FitStatistics.of(observed, target.shares());
                JsonNode s = t.get("statistics");
                assertEquals(expected.chiSquare(), s.get("chi_square").asDouble(), 0.0, target.name());
                assertEquals(expected.pValue(), s.get("p_value").asDouble(), 0.0, target.name());
                assertEquals(expected.degreesOfFreedom(), s.get("degrees_of_freedom").asInt(), target.name());
                assertEquals(expected.maxDeviationPp(), s.get("max_deviation_pp").asDouble(), 0.0);
                assertEquals(expected.totalVariation(), s.get("total_variation_distance").asDouble(), 0.0);
                assertEquals(expected.pValue() >= 0.01, t.get("passes").asBoolean(), target.name());
            }
        }
        assertEquals(0, stats.at("/hard_rules/records_with_violations").asLong());
    }

    private static long[] duckDbCounts(Statement st, TargetTable target) throws Exception {
        long[] observed = new long[target.size()];
        Map<String, Integer> cellOf = new HashMap<>();
        for (int c = 0; c < target.size(); c++) {
            cellOf.put(String.join("\u001f", target.cells().get(c)), c);
        }
        List<String> columns = new ArrayList<>();
        boolean binned = false;
        for (Dimension d : target.dimensions()) {
            binned |= d.name().endsWith("_bin");
            columns.add('"' + d.name().replace("_bin", "") + '"');
        }
        String cols = String.join(", ", columns);
        try (ResultSet rs = st.executeQuery("SELECT " + cols + ", count(*) FROM " + parquet() + " GROUP BY "
                + cols)) {
            while (rs.next()) {
                List<String> key = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    key.add(binned ? model.ocean().binOf(rs.getInt(i)) : rs.getString(i));
                }
                Integer c = cellOf.get(String.join("\u001f", key));
                if (c == null) {
                    throw new AssertionError(target.name() + ": DuckDB found " + key + ", not a cell");
                }
                observed[c] += rs.getLong(columns.size() + 1);
            }
        }
        return observed;
    }

    @Test
    void lengthsAgreeWithDuckDbsCharacterCounts() throws Exception {
        JsonNode lengths = null;
        for (JsonNode l : stats().at("/narratives/lengths")) {
            if (l.get("field").asText().equals("cultural_background")) {
                lengths = l;
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(length(cultural_background)), "
                        + "max(length(cultural_background)), avg(length(cultural_background)), count(*) FROM "
                        + parquet())) {
            rs.next();
            assertEquals(rs.getInt(1), lengths.get("min").asInt());
            assertEquals(rs.getInt(2), lengths.get("max").asInt());
            assertEquals(rs.getDouble(3), lengths.get("mean").asDouble(), 1e-9);
            assertEquals(rs.getLong(4), lengths.get("records").asLong());
        }
        JsonNode statuses = stats().at("/narratives/statuses");
        assertEquals(COUNT / 4, statuses.get("llm").asLong());
        assertEquals(COUNT - COUNT / 4, statuses.get("template").asLong());
        assertEquals(COUNT / 4, stats().at("/narratives/models/qwen-plus").asLong());
    }

    @Test
    void theCardsFrontMatterParsesAndPointsAtTheParquetFile() throws Exception {
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.startsWith("---\n"), card.substring(0, 40));
        int end = card.indexOf("\n---\n", 4);
        JsonNode yaml = new YAMLMapper().readTree(card.substring(4, end + 1));

        assertEquals("cc-by-4.0", yaml.get("license").asText());
        assertEquals("ro", yaml.get("language").get(0).asText());
        assertEquals(1, yaml.get("language").size());
        assertEquals("1K<n<10K", yaml.get("size_categories").get(0).asText());
        assertEquals("text-generation", yaml.get("task_categories").get(0).asText());
        List<String> tags = new ArrayList<>();
        yaml.get("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("synthetic", "personas", "census", "moldova", "romanian")), tags::toString);
        assertEquals("Moldova Personas (2k)", yaml.get("pretty_name").asText());
        JsonNode dataFile = yaml.at("/configs/0/data_files/0");
        assertEquals("default", yaml.at("/configs/0/config_name").asText());
        assertEquals("train", dataFile.get("split").asText());
        assertEquals("moldova_personas_2k.parquet", dataFile.get("path").asText());
        assertTrue(Files.isRegularFile(out.resolve(dataFile.get("path").asText())), "the card names a real file");
    }

    @Test
    void theSizeCategoryFollowsHuggingFaceBounds() {
        assertEquals("n<1K", DatasetCard.sizeCategory(500));
        assertEquals("1K<n<10K", DatasetCard.sizeCategory(1_000));
        assertEquals("10K<n<100K", DatasetCard.sizeCategory(99_999));
        assertEquals("100K<n<1M", DatasetCard.sizeCategory(100_000));
        assertEquals("1M<n<10M", DatasetCard.sizeCategory(1_000_000));
    }

    /** The card lists every table of the model's provenance under the heading of its own label. */
    @Test
    void theCardGivesEveryCensusTableUnderItsProvenanceLabel() throws Exception {
        String card = Files.readString(out.resolve("README.md"));
        String section = card.substring(card.indexOf("## Provenance of the census tables"),
                card.indexOf("## Known limitations"));
        Map<String, String> labelOf = new LinkedHashMap<>();
        String label = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("### `")) {
                label = line.substring(5, line.length() - 1);
            } else if (line.startsWith("| `")) {
                labelOf.put(line.substring(3, line.indexOf('`', 3)), label);
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        model.provenance().values().forEach(p -> expected.put(p.table(), p.provenance()));
        assertEquals(new TreeMap<>(expected), new TreeMap<>(labelOf));
        assertTrue(section.contains("independence"), "says what two-marginal tables would be");
        assertTrue(section.contains("informative seeds"));
    }

    @Test
    void theCardDescribesEveryColumnAndTheNarratives() throws Exception {
        String card = Files.readString(out.resolve("README.md"));
        for (Column c : Column.values()) {
            assertTrue(card.contains("| `" + c.columnName() + "` | "), c.columnName());
        }
        assertTrue(card.contains("template-written"), "the offline narratives are called what they are");
        assertTrue(card.contains("`qwen-plus`"), "and the LLM that wrote the others is named");
        assertTrue(card.contains("ops/moldova-personas generate --narratives llm"));
        assertTrue(card.contains("left bank of the Nistru") && card.contains("Bender"));
        assertTrue(card.contains(written.report().tablesPassing() + " of " + targets.tables().size()
                + " tables pass"));
        for (var fit : model.fits()) {
            assertTrue(card.contains(fit.describe()), fit.name());
        }
        assertTrue(card.contains("moldova_personas_2k_stats.md"));
    }

    @Test
    void theMarkdownLeadsWithTheSummaryAndHasAChartPerTable() throws Exception {
        String md = Files.readString(out.resolve("moldova_personas_2k_stats.md"));
        int summary = md.indexOf("## Summary");
        assertTrue(summary > 0 && summary < md.indexOf("## Marginals") && md.indexOf("## Marginals")
                < md.indexOf("## Joints"));
        assertTrue(md.contains("| Records | 2,000 |"));
        assertTrue(md.contains("| " + written.report().tablesPassing() + " of " + targets.tables().size() + " |"));
        for (TargetTable t : targets.tables().values()) {
            String chart = "charts/" + ReportText.slug(t.name()) + ".svg";
            assertTrue(md.contains("(" + chart + ")"), chart);
            assertTrue(Files.isRegularFile(out.resolve(chart)), chart);
        }
        int localities = targets.table("locality").size();
        assertTrue(md.contains(ReportText.count(localities - 30) + " more cells are in the stats JSON"));
        assertTrue(md.contains("Nemotron-Personas-USA (published figure)"));
        assertTrue(md.contains("approximate, as stated in our issue"));
    }

    @Test
    void everyChartIsWellFormedSvgAndLargeTablesShowOnlyTheirTopCells() throws Exception {
        List<Path> charts;
        try (Stream<Path> files = Files.list(out.resolve("charts"))) {
            charts = files.sorted().toList();
        }
        assertEquals(targets.tables().size() + 11, charts.size(), "a chart per table and per narrative text field");
        assertEquals(charts, written.charts().stream().sorted().toList());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (Path chart : charts) {
            Document doc = factory.newDocumentBuilder().parse(chart.toFile());
            assertEquals("svg", doc.getDocumentElement().getLocalName(), chart.toString());
            assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        }
        Document region = factory.newDocumentBuilder().parse(out.resolve("charts/region.svg").toFile());
        assertTrue(region.getDocumentElement().getTextContent().contains("Municipiul Chișinău"),
                "Romanian diacritics as themselves");
        assertTrue(region.getDocumentElement().getTextContent().contains("UTA Găgăuzia"));
        assertEquals(5, observedBars(out.resolve("charts/region.svg")));
        assertEquals(30, observedBars(out.resolve("charts/locality.svg")));
        assertEquals(30, observedBars(out.resolve("charts/age.svg")));
    }

    private static int observedBars(Path svg) throws Exception {
        String text = Files.readString(svg);
        return text.split("fill=\"#1f6fb2\"/>", -1).length - 1 - 1; // minus the legend's swatch
    }

    /** Same inputs, same bytes: reports written again, and from the same records cut into other parts. */
    @Test
    void theSameInputsGiveByteIdenticalReports(@TempDir Path other) throws Exception {
        Map<String, byte[]> first = reportFiles(out);
        ReleaseReports.write(out, LABEL, model, targets, manifest);
        Map<String, byte[]> again = reportFiles(out);
        writeRelease(other, records, 333);
        ReleaseReports.write(other, LABEL, model, targets, manifest);
        Map<String, byte[]> elsewhere = reportFiles(other);

        assertEquals(first.keySet(), again.keySet());
        assertEquals(first.keySet(), elsewhere.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), again.get(name), name);
            assertArrayEquals(first.get(name), elsewhere.get(name), name);
        }
        assertFalse(first.keySet().stream().anyMatch(n -> n.endsWith(".tmp")));
    }

    private static Map<String, byte[]> reportFiles(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : List.of("README.md", "moldova_personas_2k_stats.md", "moldova_personas_2k_stats.json")) {
            files.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        try (Stream<Path> charts = Files.list(dir.resolve("charts"))) {
            for (Path c : charts.toList()) {
                files.put("charts/" + c.getFileName(), Files.readAllBytes(c));
            }
        }
        return files;
    }

    /** A structured-only release read from its JSONL file: the card says so and no length charts are drawn. */
    @Test
    void aStructuredOnlyReleaseIsReportedFromJsonlWhenThereIsNoParquet(@TempDir Path dir) throws Exception {
        List<PersonaRecord> structured = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            structured.add(TestRecords.structured(i));
        }
        writeRelease(dir, structured, 200);
        Files.delete(dir.resolve("moldova_personas_500.parquet"));
        Path stale = dir.resolve("charts/length_persona.svg"); // as an earlier narrated release would leave it
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Path foreign = dir.resolve("charts/someone-elses.svg"); // not in the manifest: stays
        Files.writeString(foreign, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        ReleaseReports.Written w = ReleaseReports.write(dir, "500", model, targets, manifest(500)
                .withWrittenFiles(List.of(new RunManifest.OwnedFile("charts/length_persona.svg", null, null))));

        JsonNode stats = new ObjectMapper().readTree(w.statsJson().toFile());
        assertEquals("moldova_personas_500.jsonl", stats.get("source_file").asText());
        assertEquals(500, stats.at("/narratives/statuses/none").asLong());
        assertEquals(targets.tables().size(), w.charts().size(), "no length histograms without narratives");
        try (Stream<Path> charts = Files.list(dir.resolve("charts"))) {
            assertEquals(targets.tables().size() + 1, charts.count(), "a stale histogram is removed");
        }
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(foreign), "an SVG this program did not write stays");
        String card = Files.readString(w.card());
        assertTrue(card.contains("structured only"));
        assertTrue(card.contains("size_categories:\n- n<1K\n"));
        String md = Files.readString(w.statsMarkdown());
        assertTrue(md.contains("the comparison with the reference datasets does not apply"));
        long sum = 0;
        for (JsonNode cell : table(stats, "sex").get("cells")) {
            sum += cell.get("observed_count").asLong();
        }
        assertEquals(500, sum);
    }

    @Test
    void theReportsNeverReadTheClockOrTheEnvironment() throws Exception {
        // The only instants in the reports are the manifest's timings.
        String all = new String(Files.readAllBytes(out.resolve("moldova_personas_2k_stats.json")),
                StandardCharsets.UTF_8) + Files.readString(out.resolve("moldova_personas_2k_stats.md"))
                + Files.readString(out.resolve("README.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z").matcher(all);
        while (m.find()) {
            assertTrue(m.group().startsWith("2026-11-25T10:00:") || m.group().startsWith("2026-11-25T10:00:42"),
                    m.group());
        }
        assertFalse(all.contains(out.toString()), "no absolute path of this machine");
        new ObjectMapper().readTree(new ByteArrayInputStream(Files.readAllBytes(
                out.resolve("moldova_personas_2k_stats.json")))); // valid JSON (no NaN)
    }

    private static String parquet() {
        return "read_parquet('" + out.resolve("moldova_personas_2k.parquet") + "')";
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
