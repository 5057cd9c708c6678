package md.personas.narratives.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One entry of the phrase bank: a phrase ({@code t}) or a richer record (a hobby with its list item and its noun
 * phrase, a fact with the place one can visit), each text a {@link PhraseTemplate}; a {@link Condition} saying which
 * personas it fits; an integer weight {@code w} (default 1); and plain attributes ({@code kind}, {@code domain},
 * {@code status}, {@code source}) that are metadata, not text. An entry marked {@code fallback} is used only when
 * no other entry of its list fits.
 */
final class Entry {

    /** Fields that are metadata and never rendered. */
    static final Set<String> METADATA = Set.of("when", "spec", "w", "status", "source", "note", "kind", "domain", "id",
            "fallback");

    private final String where;
    private final Map<String, PhraseTemplate> texts;
    private final Map<String, String> attributes;
    final Condition when;
    /** The {@code when} object as written, for the phrase bank's own checks (ids it names must exist). */
    final JsonNode whenSource;
    final int weight;
    /** Used only when no regular entry of its list fits the persona. */
    final boolean fallback;

    private Entry(String where, Map<String, PhraseTemplate> texts, Map<String, String> attributes, Condition when,
                  JsonNode whenSource, int weight) {
        this.where = where;
        this.texts = texts;
        this.attributes = attributes;
        this.when = when;
        this.whenSource = whenSource;
        this.weight = weight;
        this.fallback = "true".equals(attributes.get("fallback"));
    }

    static Entry of(String where, JsonNode node) {
        if (node.isTextual()) {
            return new Entry(where, Map.of("t", parse(where, node.asText())), Map.of(), Condition.ALWAYS, null, 1);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": an entry is a string or an object");
        }
        Map<String, PhraseTemplate> texts = new HashMap<>();
        Map<String, String> attributes = new HashMap<>();
        node.properties().forEach(f -> {
            if (METADATA.contains(f.getKey())) {
                if (f.getValue().isValueNode()) {
                    attributes.put(f.getKey(), f.getValue().asText());
                }
            } else if (f.getValue().isTextual()) {
                texts.put(f.getKey(), parse(where + "." + f.getKey(), f.getValue().asText()));
            } else {
                throw new IllegalArgumentException(where + "." + f.getKey() + ": entry fields are strings");
            }
        });
        int weight = node.path("w").asInt(1);
        if (weight < 1) {
            throw new IllegalArgumentException(where + ": weight must be at least 1");
        }
        return new Entry(where, Map.copyOf(texts), Map.copyOf(attributes), Condition.compile(node.get("when"),
                where), node.get("when"), weight);
    }

    private static PhraseTemplate parse(String where, String text) {
        try {
            return PhraseTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    String where() {
        return where;
    }

    boolean has(String field) {
        return texts.containsKey(field);
    }

    PhraseTemplate template(String field) {
        PhraseTemplate t = texts.get(field);
        if (t == null) {
            throw new IllegalStateException(where + " has no field '" + field + "'");
        }
        return t;
    }

    String render(String field, Scene scene) {
        return template(field).render(scene);
    }

    String text(Scene scene) {
        return render("t", scene);
    }

    /** A metadata attribute, or the default. */
    String attribute(String name, String otherwise) {
        return attributes.getOrDefault(name, otherwise);
    }

    Map<String, PhraseTemplate> templates() {
        return Collections.unmodifiableMap(texts);
    }

    @Override
    public String toString() {
        return where;
    }
}
