package md.personas.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.record.Column;

/**
 * The prose knowledge the reports need, kept as data a reviewer can read without Java: a line per column
 * ({@code release/columns.json}), the meaning of each provenance label ({@code release/provenance-labels.json}) and
 * the reference datasets' published figures ({@code release/reference-figures.json}).
 */
record ReleaseResources(Map<Column, ColumnNote> columns, Map<String, ProvenanceLabel> labels,
                        List<ReferenceDataset> referenceDatasets) {

    /** Where a column's values come from and what it holds. */
    record ColumnNote(String origin, String description) {

        /** The origin as the card's schema table prints it. */
        String originText() {
            return switch (origin) {
                case "identifier" -> "identifier";
                case "official" -> "census / official";
                case "official_modelled" -> "official marginal, modelled structure";
                case "modelled" -> "**modelled**";
                case "derived" -> "derived";
                case "narrative" -> "generated text";
                case "provenance" -> "narrative provenance";
                default -> throw new IllegalStateException("release/columns.json: unknown origin '" + origin + "'");
            };
        }
    }

    /** A provenance label: official, estimate or modelled, and what it means. */
    record ProvenanceLabel(String kind, String meaning) { }

    /**
     * A reference dataset's published figures.
     *
     * @param verified whether the figures were read from a stored source (else they are approximate)
     * @param fields figure per field, as published (e.g. "129 – 1.2k")
     */
    record ReferenceDataset(String name, String source, String what, boolean verified, String note,
                            Map<String, String> fields) { }

    private static final ObjectMapper JSON = new ObjectMapper();

    static ReleaseResources load() {
        JsonNode columnsNode = read("columns.json").path("columns");
        Map<Column, ColumnNote> columns = new LinkedHashMap<>();
        for (Column c : Column.values()) {
            JsonNode n = columnsNode.path(c.columnName());
            if (n.isMissingNode()) {
                throw new IllegalStateException("release/columns.json has no entry for column " + c.columnName());
            }
            columns.put(c, new ColumnNote(n.path("origin").asText(), n.path("description").asText()));
            columns.get(c).originText(); // fails early on an unknown origin
        }
        if (columnsNode.size() != Column.values().length) {
            throw new IllegalStateException("release/columns.json describes " + columnsNode.size()
                    + " columns; the record has " + Column.values().length);
        }
        Map<String, ProvenanceLabel> labels = new LinkedHashMap<>();
        read("provenance-labels.json").path("labels").properties().forEach(e -> labels.put(e.getKey(),
                new ProvenanceLabel(e.getValue().path("kind").asText(), e.getValue().path("meaning").asText())));
        List<ReferenceDataset> datasets = new ArrayList<>();
        for (JsonNode d : read("reference-figures.json").path("datasets")) {
            Map<String, String> fields = new LinkedHashMap<>();
            d.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
            datasets.add(new ReferenceDataset(d.path("name").asText(), d.path("source").asText(),
                    d.path("what").asText(), d.path("verified").asBoolean(), d.path("note").asText(null),
                    Collections.unmodifiableMap(fields)));
        }
        return new ReleaseResources(Collections.unmodifiableMap(columns), Collections.unmodifiableMap(labels),
                List.copyOf(datasets));
    }

    /** The meaning of a provenance label; a label the resource does not explain is an error, not a blank. */
    ProvenanceLabel label(String label) {
        ProvenanceLabel l = labels.get(label);
        if (l == null) {
            throw new IllegalStateException("release/provenance-labels.json does not explain the provenance label '"
                    + label + "'");
        }
        return l;
    }

    private static JsonNode read(String name) {
        try (InputStream in = ReleaseResources.class.getResourceAsStream("/release/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource release/" + name + " is missing from the build");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read release/" + name, e);
        }
    }
}
