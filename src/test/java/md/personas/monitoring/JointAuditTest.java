package md.personas.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.ReferenceCrossTab;
import md.personas.record.Column;
import md.personas.record.Row;
import org.junit.jupiter.api.Test;

class JointAuditTest {

    private static Row row(String district, String ethnicity) {
        Map<Column, Object> values = Map.of(Column.DISTRICT, district, Column.ETHNICITY, ethnicity);
        return values::get;
    }

    private static ReferenceCrossTab districtEthnicity() {
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        target.put("A", new LinkedHashMap<>(Map.of("x", 0.5, "other", 0.5)));
        target.put("B", new LinkedHashMap<>(Map.of("x", 0.2, "other", 0.8)));
        target.put("C", new LinkedHashMap<>(Map.of("x", 1.0)));
        return new ReferenceCrossTab("district x ethnicity", ReferenceCrossTab.SEEDED_AND_RAKED, "2004",
                "census_2004_by_district", "test", r -> r.string(Column.DISTRICT), r -> r.string(Column.ETHNICITY),
                target);
    }

    @Test
    void sharesWithinEachReferenceRowGiveTheSrmseAndTheWorstCell() {
        JointAudit.Accumulator a = JointAudit.accumulator(List.of(districtEthnicity()));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(row("A", "x"));
        }
        rows.add(row("A", "y")); // not listed in row A: counts as its "other"
        for (int i = 0; i < 4; i++) {
            rows.add(row("B", "other"));
        }
        rows.add(row("Z", "x")); // no reference row: outside the table
        rows.forEach(a::add);
        JointAudit.TableAudit t = a.result().tables().get(0);
        assertEquals(8, t.records());
        assertEquals(3, t.rows());
        assertEquals(2, t.rowsWithRecords(), "row C has no records and is left out");
        // Cells: A x 0.75 vs 0.5, A other 0.25 vs 0.5, B x 0 vs 0.2, B other 1 vs 0.8.
        double rmse = Math.sqrt((0.0625 + 0.0625 + 0.04 + 0.04) / 4);
        assertEquals(rmse / 0.5, t.srmse(), 1e-12);
        assertEquals("A", t.worst().row());
        assertEquals(25.0, Math.abs(t.worst().deviationPp()), 1e-9);
        assertEquals(4, t.cells().size());
    }

    @Test
    void aTableWithoutRecordsHasNoWorstCell() {
        JointAudit.TableAudit t = JointAudit.accumulator(List.of(districtEthnicity())).result().tables().get(0);
        assertEquals(0, t.records());
        assertNull(t.worst());
        assertEquals(Double.NaN, t.srmse());
    }
}
