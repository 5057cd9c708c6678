package md.personas.sinks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.record.Column;
import md.personas.record.PersonaRecord;
import md.personas.record.Row;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordParquetTest {

    @Test
    void rowsReadBackEqualWithEveryColumnAndWithAProjection(@TempDir Path dir) throws Exception {
        List<PersonaRecord> records = TestRecords.narratedRecords(300);
        Path file = dir.resolve("rows.parquet");
        write(file, records, 10_000);

        try (RowCursor cursor = RecordParquet.open(file)) {
            for (PersonaRecord r : records) {
                assertEquals(StoredRow.copyOf(r), cursor.next());
            }
            assertNull(cursor.next());
        }
        try (RowCursor cursor = RecordParquet.open(file, EnumSet.of(Column.INDEX, Column.REGION))) {
            StoredRow first = cursor.next();
            assertEquals(0L, first.get(Column.INDEX));
            assertEquals(records.get(0).persona().region(), first.get(Column.REGION));
            assertNull(first.get(Column.NAME), "a column outside the projection is not read");
            assertNull(first.get(Column.HOBBIES_AND_INTERESTS_LIST));
        }
    }

    @Test
    void duckDbSeesProperTypesAndTheSameValues(@TempDir Path dir) throws Exception {
        List<PersonaRecord> records = TestRecords.narratedRecords(200);
        records = new java.util.ArrayList<>(records);
        records.addAll(TestRecords.structuredRecords(3).stream()
                .map(r -> new PersonaRecord(r.persona().withIndex(200 + r.index(), r.persona().uuid()),
                        r.narrative()))
                .toList());
        Path file = dir.resolve("rows.parquet");
        write(file, records, 64);

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertEquals(Column.values().length, types.size());
            int i = 0;
            for (Map.Entry<String, String> e : types.entrySet()) {
                Column c = Column.values()[i++];
                assertEquals(c.columnName(), e.getKey(), "column order");
                String expected = switch (c.type()) {
                    case STRING -> "VARCHAR";
                    case INT -> "INTEGER";
                    case LONG -> "BIGINT";
                    case STRING_LIST -> "VARCHAR[]";
                };
                assertEquals(expected, e.getValue(), c.columnName());
            }

            try (ResultSet rs = st.executeQuery("SELECT count(*), max(row_group_num_rows), count(DISTINCT row_group_id)"
                    + " FROM parquet_metadata('" + file + "')")) {
                rs.next();
                assertEquals(64, rs.getLong(2), "row groups are capped at the asked row count");
                assertEquals(4, rs.getLong(3), "203 rows in groups of 64");
            }
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')")) {
                rs.next();
                assertEquals("ZSTD", rs.getString(1));
            }

            PersonaRecord probe = records.get(17);
            try (ResultSet rs = st.executeQuery("SELECT name, age, \"index\", hobbies_and_interests_list, "
                    + "len(skills_and_expertise_list), cultural_background FROM read_parquet('" + file
                    + "') WHERE \"index\" = 17")) {
                assertTrue(rs.next());
                assertEquals(probe.persona().name(), rs.getString(1));
                assertEquals(probe.persona().age(), rs.getInt(2));
                assertEquals(17L, rs.getLong(3));
                Object[] hobbies = (Object[]) rs.getArray(4).getArray();
                assertArrayEquals(probe.narrative().hobbiesAndInterestsList().toArray(), hobbies);
                assertEquals(probe.narrative().skillsAndExpertiseList().size(), rs.getInt(5));
                assertEquals(probe.narrative().culturalBackground(), rs.getString(6));
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + file
                    + "') WHERE len(hobbies_and_interests_list) = 0")) {
                rs.next();
                assertEquals(3, rs.getLong(1), "empty lists of the structured-only rows stay empty lists");
            }
        }
    }

    @Test
    void aFileOfAnotherSchemaIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            st.execute("COPY (SELECT 'x' AS uuid, 1 AS \"index\") TO '" + file + "' (FORMAT parquet)");
        }
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> {
            try (RowCursor cursor = RecordParquet.open(file, EnumSet.of(Column.INDEX))) {
                cursor.next();
            }
        });
        assertTrue(e.getMessage().contains("no column 'index' of type required int64"), e.getMessage());
    }

    @Test
    void theSameRowsGiveTheSameBytes(@TempDir Path dir) throws Exception {
        List<PersonaRecord> records = TestRecords.narratedRecords(150);
        write(dir.resolve("a.parquet"), records, 100);
        write(dir.resolve("b.parquet"), records, 100);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.parquet")), Files.readAllBytes(dir.resolve("b.parquet")));
    }

    private static void write(Path file, List<? extends Row> rows, int rowGroupRows) throws Exception {
        try (ParquetWriter<Row> writer = RecordParquet.writer(file, rowGroupRows)) {
            for (Row r : rows) {
                writer.write(r);
            }
        }
    }
}
