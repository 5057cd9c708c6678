package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural checks of the curated census reference ({@code moldova-2024.json}) at start-up, the Java twin of the
 * reference's own {@code check_reference.py}: required keys and an allowed provenance on every table, every
 * probability row numeric, non-negative and summing to 1, nesting as deep as the conditioning variables, every
 * category id known. The first problem found stops the program with a one-line {@link CensusDataException}.
 */
final class CensusTableValidator {

    static final double ROW_TOLERANCE = 1e-6;

    static final Set<String> PROVENANCES = Set.of("census_2024_final", "census_2024_preliminary",
            "nbs_estimate_2024-01-01_2014base", "lfs_2024", "nbs_ethnocultural_communique_2025-10-20",
            "modelled_assumption");
    private static final Set<String> KINDS = Set.of("distribution", "conditional", "counts", "lookup", "prior");
    /** Variable name in a table -> group of the reference's {@code labels} section. */
    private static final Map<String, String> LABEL_GROUP = Map.ofEntries(Map.entry("sex", "sex"),
            Map.entry("residence", "residence"), Map.entry("region", "region"), Map.entry("ethnicity", "ethnicity"),
            Map.entry("mother_tongue", "language"), Map.entry("usual_language", "language"),
            Map.entry("religion", "religion"), Map.entry("education", "education"),
            Map.entry("marital_status", "marital_status"), Map.entry("labour_status", "labour_status"),
            Map.entry("isco_major", "isco_major"), Map.entry("sector", "sector"),
            Map.entry("age_group", "age_group"));

    private final JsonNode labels;
    private final Set<String> districtIds;

    private CensusTableValidator(JsonNode root) {
        this.labels = root.path("labels");
        this.districtIds = new java.util.HashSet<>();
        root.path("tables").path("districts").path("values").forEach(d -> districtIds.add(d.path("id").asText()));
    }

    /** Validates every table of the reference; throws on the first problem. */
    static void validate(JsonNode root) {
        if (!root.path("tables").isObject() || !root.path("labels").isObject()) {
            throw new CensusDataException("census reference: 'tables' and 'labels' sections are required");
        }
        CensusTableValidator v = new CensusTableValidator(root);
        for (Map.Entry<String, JsonNode> e : root.path("tables").properties()) {
            v.validateTable(e.getKey(), e.getValue());
        }
    }

    private void validateTable(String id, JsonNode t) {
        for (String key : List.of("id", "kind", "universe", "provenance", "source")) {
            if (t.path(key).isMissingNode() || t.path(key).isNull()) {
                throw CensusDataException.inTable(id, "", "required key '" + key + "' is missing");
            }
        }
        if (!id.equals(t.path("id").asText())) {
            throw CensusDataException.inTable(id, "", "its id is '" + t.path("id").asText() + "', not '" + id + "'");
        }
        String kind = t.path("kind").asText();
        if (!KINDS.contains(kind)) {
            throw CensusDataException.inTable(id, "", "unknown kind '" + kind + "' (allowed: " + KINDS + ")");
        }
        String provenance = t.path("provenance").asText();
        if (!PROVENANCES.contains(provenance)) {
            throw CensusDataException.inTable(id, "", "unknown provenance '" + provenance + "' (allowed: "
                    + PROVENANCES + ")");
        }
        JsonNode values = t.path("values");
        if (values.isMissingNode() || values.isNull()) {
            throw CensusDataException.inTable(id, "", "has no values");
        }
        String shape = kind.equals("prior") ? t.path("shape").asText() : kind;
        if (kind.equals("prior") && !Set.of("distribution", "conditional").contains(shape)) {
            throw CensusDataException.inTable(id, "", "a prior must declare shape distribution or conditional");
        }
        String variable = t.path("variable").asText("");
        switch (shape) {
            case "distribution" -> checkRow(id, "[]", values, variable);
            case "conditional" -> {
                List<String> given = new ArrayList<>();
                t.path("given").forEach(g -> given.add(g.asText()));
                if (given.isEmpty()) {
                    throw CensusDataException.inTable(id, "", "a conditional table must list its 'given' variables");
                }
                walk(id, "", values, given, 0, variable);
            }
            case "counts" -> checkCounts(id, "", values);
            default -> { }
        }
    }

    private void walk(String id, String path, JsonNode node, List<String> given, int depth, String variable) {
        if (depth == given.size()) {
            checkRow(id, path.isEmpty() ? "[]" : path, node, variable);
            return;
        }
        String gvar = given.get(depth);
        if (!node.isObject() || node.isEmpty()) {
            throw CensusDataException.inTable(id, path.isEmpty() ? "[]" : path,
                    "expected rows nested by '" + gvar + "'");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String rowPath = path + "[" + e.getKey() + "]";
            checkLabel(id, rowPath, gvar, e.getKey());
            walk(id, rowPath, e.getValue(), given, depth + 1, variable);
        }
    }

    private void checkRow(String id, String row, JsonNode node, String variable) {
        if (!node.isObject() || node.isEmpty()) {
            throw CensusDataException.inTable(id, row, "is not a non-empty probability row");
        }
        double sum = 0;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (!v.isNumber()) {
                throw CensusDataException.inTable(id, row, "cell '" + e.getKey() + "' is not a number");
            }
            double p = v.asDouble();
            if (p < 0) {
                throw CensusDataException.inTable(id, row, "cell '" + e.getKey() + "' is negative (" + p + ")");
            }
            if (p > 1 + 1e-12) {
                throw CensusDataException.inTable(id, row, "cell '" + e.getKey() + "' is above 1 (" + p + ")");
            }
            checkLabel(id, row, variable, e.getKey());
            sum += p;
        }
        if (Math.abs(sum - 1.0) > ROW_TOLERANCE) {
            throw CensusDataException.inTable(id, row, String.format(java.util.Locale.ROOT,
                    "sums to %.9f, not 1 (tolerance %.0e)", sum, ROW_TOLERANCE));
        }
    }

    private void checkCounts(String id, String path, JsonNode node) {
        if (node.isNumber()) {
            if (node.asDouble() < 0) {
                throw CensusDataException.inTable(id, path, "count is negative (" + node.asDouble() + ")");
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> checkCounts(id, path + "[" + e.getKey() + "]", e.getValue()));
        }
    }

    private void checkLabel(String id, String row, String variable, String key) {
        if (variable.equals("district")) {
            if (!districtIds.contains(key)) {
                throw CensusDataException.inTable(id, row, "unknown district id '" + key + "'");
            }
            return;
        }
        String group = LABEL_GROUP.get(variable);
        if (group != null && !labels.path(group).has(key)) {
            throw CensusDataException.inTable(id, row, "unknown " + variable + " label '" + key + "'");
        }
    }
}
