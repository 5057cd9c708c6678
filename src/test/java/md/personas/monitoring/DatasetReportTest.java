package md.personas.monitoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ConsistencyRules;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.DatasetReport.ObservedTable;
import md.personas.monitoring.DatasetReport.TextLengths;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.PersonaRecord;
import md.personas.record.Row;
import md.personas.sinks.TestRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetReportTest {

    private static CensusModel model;
    private static CensusTargets targets;
    private static ConsistencyRules rules;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
        rules = new ConsistencyRules(model);
    }

    /** Narrated records whose text lengths vary: the i-th record's cultural_background is cut to a known length. */
    private static List<PersonaRecord> records(int count) {
        List<PersonaRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PersonaRecord r = TestRecords.narrated(i);
            Narrative n = r.narrative();
            String background = n.culturalBackground().substring(0, 1500 + (i * 37) % 300) + "ș";
            List<String> hobbies = n.hobbiesAndInterestsList().subList(0, 4 + i % 2);
            NarrativeStatus status = i % 5 == 0 ? NarrativeStatus.LLM : NarrativeStatus.TEMPLATE;
            out.add(new PersonaRecord(r.persona(), new Narrative(n.persona(), n.professionalPersona(),
                    n.sportsPersona(), n.artsPersona(), n.travelPersona(), n.culinaryPersona(), background,
                    n.skillsAndExpertise(), n.skillsAndExpertiseList(), n.hobbiesAndInterests(), hobbies,
                    n.careerGoalsAndAmbitions(), n.personaSummary(), status,
                    status == NarrativeStatus.LLM ? "qwen-plus" : "offline-writer", "v1")));
        }
        for (int i = 0; i < count / 10; i++) {
            out.add(TestRecords.structured(count + i)); // structured-only rows: not counted in lengths
        }
        return out;
    }

    @Test
    void lengthsAreExactNearestRankPercentilesOverWrittenNarrativesInCodePoints() {
        List<PersonaRecord> rows = records(400);
        DatasetReport report = DatasetReport.of(rows, targets, rules);

        int[] lengths = rows.stream().filter(r -> r.narrative().isWritten())
                .mapToInt(r -> r.narrative().culturalBackground().codePointCount(0,
                        r.narrative().culturalBackground().length()))
                .sorted().toArray();
        TextLengths l = report.lengths(Column.CULTURAL_BACKGROUND);
        assertEquals(400, l.records());
        assertEquals(lengths[0], l.min());
        assertEquals(lengths[lengths.length - 1], l.max());
        assertEquals(lengths[(int) Math.ceil(0.05 * 400) - 1], l.p5());
        assertEquals(lengths[(int) Math.ceil(0.5 * 400) - 1], l.median());
        assertEquals(lengths[(int) Math.ceil(0.95 * 400) - 1], l.p95());
        assertEquals(Arrays.stream(lengths).average().orElseThrow(), l.mean(), 1e-9);
        long[] bins = new long[30];
        for (int len : lengths) {
            bins[Math.min(len / 100, 29)]++;
        }
        assertArrayEquals(bins, l.histogram().counts());
        assertEquals(Arrays.stream(lengths).filter(x -> x < 1600 || x > 1700).count(), l.outside(1600, 1700));
        // the one "ș" counts as one character, not two UTF-16 units or two bytes
        assertTrue(l.max() <= 1800);
    }

    @Test
    void statusesModelsAndListSizesAreCounted() {
        List<PersonaRecord> rows = records(400);
        DatasetReport report = DatasetReport.of(rows, targets, rules);

        assertEquals(440, report.records());
        assertEquals(Map.of(NarrativeStatus.LLM, 80L, NarrativeStatus.TEMPLATE, 320L, NarrativeStatus.FAILED, 0L,
                NarrativeStatus.NONE, 40L), report.statuses());
        assertEquals(List.of("none", "offline-writer", "qwen-plus"), List.copyOf(report.models().keySet()));
        assertEquals(80L, report.models().get("qwen-plus"));
        assertEquals(400, report.narrated());
        DatasetReport.ListSizes hobbies = report.lists().get(1);
        assertEquals(Column.HOBBIES_AND_INTERESTS_LIST, hobbies.field());
        assertEquals(Map.of(4, 200L, 5, 200L), hobbies.distribution());
        assertEquals(4.5, hobbies.mean(), 1e-12);
    }

    @Test
    void everyTargetTableIsCountedAndItsFitIsFitStatisticsOfItsCounts() {
        List<PersonaRecord> rows = records(300);
        DatasetReport report = DatasetReport.of(rows, targets, rules);

        assertEquals(List.copyOf(targets.tables().keySet()), report.tables().stream().map(ObservedTable::name).toList());
        for (ObservedTable t : report.tables()) {
            TargetTable target = targets.table(t.name());
            long[] expected = new long[target.size()];
            TargetTable.CellIndex index = target.index();
            for (PersonaRecord r : rows) {
                expected[index.of(r)]++;
            }
            assertArrayEquals(expected, t.fit().observed(), t.name());
            assertEquals(FitStatistics.of(expected, target.shares()), t.fit().fit(), t.name());
            assertEquals(0, t.outside());
        }
        assertEquals(0, report.violations().records(), () -> report.violations().examples().toString());
    }

    @Test
    void violationsAndUnknownLabelsAreReportedNotDropped() {
        PersonaRecord base = TestRecords.structured(7);
        Row tooYoung = c -> c == Column.AGE ? 17 : base.get(c);
        Row unknownRegion = c -> c == Column.REGION ? "Transnistria" : base.get(c);
        DatasetReport report = DatasetReport.of(List.of(base, tooYoung, unknownRegion), targets, rules);

        assertEquals(2, report.violations().records());
        assertTrue(report.violations().examples().stream().anyMatch(e -> e.startsWith("index 7: age 17")),
                report.violations().examples().toString());
        ObservedTable region = report.tables().stream().filter(t -> t.name().equals("region")).findFirst()
                .orElseThrow();
        assertEquals(1, region.outside());
        assertTrue(!region.passes(), "a label outside the table fails it");
        assertNull(DatasetReport.of(List.of(base), targets, null).violations(), "no checker, no violation count");
    }

    @Test
    void anEmptyDatasetHasNoWorstTableAndZeroLengths() {
        DatasetReport report = DatasetReport.of(List.<Row>of(), targets, rules);
        assertEquals(0, report.records());
        assertNull(report.worstTable());
        assertEquals(0, report.lengths(Column.PERSONA).records());
        assertEquals(0, report.narrated());
    }
}
