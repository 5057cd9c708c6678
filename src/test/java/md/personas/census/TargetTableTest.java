package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import md.personas.record.Column;
import md.personas.record.Row;
import org.junit.jupiter.api.Test;

/** A record finds its cell by its labels, in every table the monitor and the reports count. */
class TargetTableTest {

    private static Row row(String sex, String region) {
        Map<Column, Object> values = new java.util.HashMap<>();
        values.put(Column.SEX, sex);
        values.put(Column.REGION, region);
        return values::get;
    }

    @Test
    void aRecordFindsItsCellOrNone() {
        TargetTable table = new TargetTable("sex x region",
                List.of(Dimension.of(Column.SEX), Dimension.of(Column.REGION)), List.of(List.of("Feminin", "Nord"), List.of("Masculin", "Nord"), List.of("Feminin", "Sud")),
                new double[] {0.5, 0.3, 0.2}, "test");
        TargetTable.CellIndex index = table.index();
        assertEquals(0, index.of(row("Feminin", "Nord")));
        assertEquals(1, index.of(row("Masculin", "Nord")));
        assertEquals(2, index.of(row("Feminin", "Sud")));
        assertEquals(-1, index.of(row("Masculin", "Sud")), "labels of the table, but not a cell of it");
        assertEquals(-1, index.of(row("Feminin", "Centru")), "a label the table does not know");
        assertEquals(-1, index.of(row(null, "Nord")), "a missing label");
    }

    private static boolean isColumn(Dimension d) {
        return java.util.Arrays.stream(Column.values()).anyMatch(c -> c.columnName().equals(d.name()));
    }

    @Test
    void everyTargetCellOfTheModelIsFoundAgain() {
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        for (TargetTable t : CensusTargets.compute(model).tables().values()) {
            TargetTable.CellIndex index = t.index();
            for (int c = 0; c < t.size(); c++) {
                List<String> labels = t.cells().get(c);
                Row r = column -> {
                    for (int d = 0; d < t.dimensions().size(); d++) {
                        if (t.dimensions().get(d).name().equals(column.columnName())) {
                            return labels.get(d);
                        }
                    }
                    return null;
                };
                if (t.dimensions().stream().allMatch(TargetTableTest::isColumn)) {
                    assertEquals(c, index.of(r), t.name() + " " + labels);
                }
            }
        }
    }
}
