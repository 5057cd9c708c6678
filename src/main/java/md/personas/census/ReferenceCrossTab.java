package md.personas.census;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import md.personas.record.Row;

/**
 * One cross-tabulation the reference holds (a published table, an older census's shape, a 2024 statement), as
 * the joint audit compares a released dataset with it: for each row of the table (a district, a residence, a
 * commune), the reference shares of a variable's categories.
 *
 * @param name what the table is, e.g. "district x ethnicity"
 * @param status how the model uses it: {@code published} (taken as it is), {@code seeded_and_raked} (an older
 *     census's shape, raked to 2024 totals, so some distance is expected) or {@code modelled}
 * @param sourceYear the year (or years) the reference figures describe
 * @param provenance the provenance label(s) of the figures
 * @param note the universe and anything a reader needs to compare fairly
 * @param rowOf the table row of a record, or null when the record is outside the table's universe
 * @param categoryOf the category of a record; a category a reference row does not list counts as its "other"
 * @param target reference shares by row, then category (each row sums to 1)
 */
public record ReferenceCrossTab(String name, String status, String sourceYear, String provenance, String note,
                                Function<Row, String> rowOf, Function<Row, String> categoryOf,
                                Map<String, Map<String, Double>> target) {

    public static final String PUBLISHED = "published";
    public static final String SEEDED_AND_RAKED = "seeded_and_raked";
    public static final String MODELLED = "modelled";

    public ReferenceCrossTab {
        target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
    }
}
