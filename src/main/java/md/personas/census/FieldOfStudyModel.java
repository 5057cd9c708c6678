package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Field of study, which the census does not cover (modelled, {@code modelled-extensions.json}). Nobody without
 * vocational-technical or higher education has one ("Nu se aplică"). An employed graduate studied the field their
 * job title usually requires with the probability of their ISCO group, and otherwise a field drawn by sex and
 * education level.
 */
public final class FieldOfStudyModel {

    private final CategorySet field;
    private final int none;
    private final boolean[] hasField;
    private final double[][][] bySexEducation;
    private final Map<String, Integer> prefixField = new HashMap<>();
    private final double[] inFieldProbability;

    FieldOfStudyModel(JsonNode extensions, CategorySet sex, CategorySet education, CategorySet isco) {
        JsonNode labels = extensions.path("labels").path("field_of_study");
        List<String> ids = new ArrayList<>();
        List<String> ro = new ArrayList<>();
        labels.properties().forEach(e -> {
            ids.add(e.getKey());
            ro.add(e.getValue().path("ro").asText());
        });
        field = new CategorySet("field_of_study", ids, ro, ro);
        none = field.indexOf("none");
        JsonNode tables = extensions.path("tables");
        JsonNode given = tables.path("field_of_study_given_sex_education").path("values");
        hasField = new boolean[education.size()];
        bySexEducation = new double[sex.size()][education.size()][];
        for (int s = 0; s < sex.size(); s++) {
            for (int e = 0; e < education.size(); e++) {
                JsonNode row = given.path(sex.id(s)).path(education.id(e));
                double[] p = new double[field.size()];
                if (row.isMissingNode()) {
                    p[none] = 1;
                } else {
                    hasField[e] = true;
                    double sum = 0;
                    for (var cell : row.properties()) {
                        if (!field.contains(cell.getKey())) {
                            throw CensusDataException.inTable("field_of_study_given_sex_education",
                                    "[" + sex.id(s) + "][" + education.id(e) + "]",
                                    "unknown field_of_study label '" + cell.getKey() + "'");
                        }
                        p[field.indexOf(cell.getKey())] = cell.getValue().asDouble();
                        sum += cell.getValue().asDouble();
                    }
                    if (Math.abs(sum - 1) > CensusTableValidator.ROW_TOLERANCE) {
                        throw CensusDataException.inTable("field_of_study_given_sex_education",
                                "[" + sex.id(s) + "][" + education.id(e) + "]", "sums to " + sum + ", not 1");
                    }
                }
                bySexEducation[s][e] = p;
            }
        }
        JsonNode lookup = tables.path("field_of_study_given_isco").path("values");
        lookup.path("prefix_field").properties().forEach(e -> {
            if (!field.contains(e.getValue().asText())) {
                throw CensusDataException.inTable("field_of_study_given_isco", "[prefix_field][" + e.getKey() + "]",
                        "unknown field_of_study label '" + e.getValue().asText() + "'");
            }
            prefixField.put(e.getKey(), field.indexOf(e.getValue().asText()));
        });
        inFieldProbability = new double[isco.size()];
        for (int g = 0; g < isco.size(); g++) {
            JsonNode p = lookup.path("in_field_probability").path(isco.id(g));
            if (!p.isNumber()) {
                throw CensusDataException.inTable("field_of_study_given_isco", "[in_field_probability]",
                        "missing conditional row for isco_major '" + isco.id(g) + "'");
            }
            inFieldProbability[g] = p.asDouble();
        }
    }

    public CategorySet field() {
        return field;
    }

    /** Whether an education level comes with a field of study. */
    public boolean hasField(int education) {
        return hasField[education];
    }

    /**
     * P(field | sex, education, job title); {@code title} is null for a persona who is not employed.
     */
    public double[] distribution(int sex, int education, JobTitle title) {
        double[] base = bySexEducation[sex][education];
        if (!hasField[education] || title == null) {
            return base.clone();
        }
        Integer mapped = null;
        for (int len = title.isco08().length(); len >= 1 && mapped == null; len--) {
            mapped = prefixField.get(title.isco08().substring(0, len));
        }
        double pIn = inFieldProbability[title.iscoMajor()];
        if (mapped == null || pIn == 0) {
            return base.clone();
        }
        double[] out = new double[base.length];
        for (int f = 0; f < out.length; f++) {
            out[f] = (1 - pIn) * base[f];
        }
        out[mapped] += pIn;
        return out;
    }
}
