package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;

/** The reference's fine adult age groups (18-19 ... 80+), with their bounds and contract age group. */
final class FineAgeGroups {

    private final CategorySet categories;
    private final int[] low;
    private final int[] high;
    private final int[] contractGroup;

    FineAgeGroups(CategorySet categories) {
        this.categories = categories;
        low = new int[categories.size()];
        high = new int[categories.size()];
        contractGroup = new int[categories.size()];
        for (int g = 0; g < categories.size(); g++) {
            String id = categories.id(g);
            low[g] = Integer.parseInt(id.split("[-+]")[0]);
            high[g] = id.endsWith("+") ? CensusModel.MAX_AGE : Integer.parseInt(id.split("-")[1]);
            contractGroup[g] = CensusModel.ageGroupIndex(low[g]);
            if (CensusModel.ageGroupIndex(high[g]) != contractGroup[g]) {
                throw new CensusDataException("labels.age_group '" + id + "' straddles two contract age groups");
            }
        }
    }

    CategorySet categories() {
        return categories;
    }

    int size() {
        return categories.size();
    }

    int low(int g) {
        return low[g];
    }

    int high(int g) {
        return high[g];
    }

    int contractGroup(int g) {
        return contractGroup[g];
    }

    /** The communiqué's 10-year band holding a group. */
    String band(int g) {
        int age = low[g];
        return age >= 80 ? "80+" : (age / 10 * 10) + "-" + (age / 10 * 10 + 9);
    }

    /** Share of its 10-year band's population that a group holds (all ages, single-year counts). */
    double shareOfBand(JsonNode singleAges, int g) {
        int bandLow = low[g] / 10 * 10;
        if (bandLow >= 80) {
            return 1.0;
        }
        double band = 0;
        double group = 0;
        for (int a = bandLow; a <= bandLow + 9; a++) {
            JsonNode n = singleAges.path(Integer.toString(a));
            if (!n.isNumber()) {
                throw CensusDataException.inTable("population_by_single_age", "[]", "missing age " + a);
            }
            band += n.asDouble();
            if (a >= low[g] && a <= high[g]) {
                group += n.asDouble();
            }
        }
        return group / band;
    }
}
