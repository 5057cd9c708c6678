package md.personas.narratives.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.NarrativeFields;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;

/**
 * The narrative of one persona as it is assembled over attempts: a first answer, then repaired fields laid over it.
 * A repair only replaces the fields it was asked for. Values are normalized (comma-below diacritics, NFC, spaces)
 * as they come in, so the contract judges, and a repair request quotes, the text that would be released.
 */
final class NarrativeDraft {

    private final Map<String, Object> values = new LinkedHashMap<>();

    NarrativeDraft() {
        for (String field : NarrativePrompts.ALL_FIELDS) {
            values.put(field, NarrativeFields.isList(field) ? List.of() : "");
        }
    }

    /** Takes the requested fields from an answer; a requested field the answer lacks keeps its old value. */
    void merge(List<String> requested, Map<String, Object> answer) {
        for (String field : requested) {
            Object value = answer.get(field);
            if (value == null) {
                continue;
            }
            if (NarrativeFields.isList(field)) {
                values.put(field, asList(value));
            } else {
                values.put(field, NarrativeContract.normalizeText(asText(value)));
            }
        }
    }

    /**
     * Empties every field whose text {@code holds} (a list: any of its items), so that it is never released and a
     * repair asks for it afresh; returns the emptied fields in contract order.
     */
    List<String> clearFieldsWhere(Predicate<CharSequence> holds) {
        List<String> cleared = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            boolean hit = e.getValue() instanceof List<?> items
                    ? items.stream().anyMatch(i -> holds.test(String.valueOf(i)))
                    : holds.test((String) e.getValue());
            if (hit) {
                e.setValue(NarrativeFields.isList(e.getKey()) ? List.of() : "");
                cleared.add(e.getKey());
            }
        }
        return cleared;
    }

    /** Current values by contract name: String, or List of String for the two lists. */
    Map<String, Object> values() {
        return values;
    }

    Narrative toNarrative(String model, String promptVersion) {
        return NarrativeContract.normalize(NarrativeFields.narrative(values::get, NarrativeStatus.LLM, model,
                promptVersion));
    }

    private static String asText(Object value) {
        if (value instanceof List<?> parts) {
            // Paragraphs given as an array.
            List<String> texts = new ArrayList<>();
            parts.forEach(p -> texts.add(String.valueOf(p)));
            return String.join("\n\n", texts);
        }
        return String.valueOf(value);
    }

    /** A list, or a string the model wrote instead of one (one item per line, or separated by semicolons). */
    private static List<String> asList(Object value) {
        List<String> raw = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(i -> raw.add(String.valueOf(i)));
        } else {
            String s = String.valueOf(value);
            raw.addAll(Arrays.asList(s.split(s.contains("\n") ? "\\n" : s.contains(";") ? ";" : ",")));
        }
        List<String> out = new ArrayList<>();
        for (String item : raw) {
            String clean = NarrativeContract.normalizeText(item.replaceFirst("^\\s*(?:[-•*]|\\d+[.)])\\s+", ""));
            if (!clean.isEmpty()) {
                out.add(clean);
            }
        }
        return List.copyOf(out);
    }
}
