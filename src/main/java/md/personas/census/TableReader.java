package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Reads validated reference tables into arrays aligned with {@link CategorySet}s. A conditional table must have a
 * row for every category of its conditioning variables: a missing row is an error naming the table and the row,
 * never a silent fallback. Cells absent from a row are zero (the row still sums to 1, as validated).
 */
final class TableReader {

    private final JsonNode tables;

    TableReader(JsonNode tables) {
        this.tables = tables;
    }

    JsonNode table(String id) {
        JsonNode t = tables.path(id);
        if (t.isMissingNode()) {
            throw new CensusDataException("census table '" + id + "' is missing from the reference");
        }
        return t;
    }

    JsonNode values(String id) {
        return table(id).path("values");
    }

    String provenance(String id) {
        return table(id).path("provenance").asText();
    }

    double[] distribution(String id, CategorySet variable) {
        return row(id, "[]", values(id), variable);
    }

    double[][] conditional(String id, CategorySet given, CategorySet variable) {
        JsonNode values = values(id);
        double[][] out = new double[given.size()][];
        for (int g = 0; g < given.size(); g++) {
            out[g] = row(id, "[" + given.id(g) + "]", child(id, "", values, given, g), variable);
        }
        return out;
    }

    double[][][] conditional(String id, CategorySet given1, CategorySet given2, CategorySet variable) {
        JsonNode values = values(id);
        double[][][] out = new double[given1.size()][given2.size()][];
        for (int a = 0; a < given1.size(); a++) {
            JsonNode level = child(id, "", values, given1, a);
            for (int b = 0; b < given2.size(); b++) {
                String path = "[" + given1.id(a) + "][" + given2.id(b) + "]";
                out[a][b] = row(id, path, child(id, "[" + given1.id(a) + "]", level, given2, b), variable);
            }
        }
        return out;
    }

    private static JsonNode child(String id, String path, JsonNode node, CategorySet given, int g) {
        JsonNode c = node.path(given.id(g));
        if (c.isMissingNode()) {
            throw CensusDataException.inTable(id, path + "[" + given.id(g) + "]",
                    "missing conditional row for " + given.variable() + " '" + given.id(g) + "'");
        }
        return c;
    }

    private static double[] row(String id, String path, JsonNode node, CategorySet variable) {
        double[] out = new double[variable.size()];
        double sum = 0;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!variable.contains(e.getKey())) {
                throw CensusDataException.inTable(id, path, "unknown " + variable.variable() + " label '"
                        + e.getKey() + "'");
            }
            double p = e.getValue().asDouble();
            if (p < 0) {
                throw CensusDataException.inTable(id, path, "cell '" + e.getKey() + "' is negative (" + p + ")");
            }
            out[variable.indexOf(e.getKey())] = p;
            sum += p;
        }
        if (Math.abs(sum - 1) > CensusTableValidator.ROW_TOLERANCE) {
            throw CensusDataException.inTable(id, path, String.format(java.util.Locale.ROOT,
                    "sums to %.9f, not 1", sum));
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
