package md.personas.narratives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;

/**
 * The one list of narrative fields, read from the {@code fields} of {@code narratives/contract.json}: their order
 * and kind (a persona variant, a free text, a list). The contract, the prompts, the LLM answer parser, the coherence
 * check and the diversity measures all take the fields from here; at load it is checked against the record's
 * {@link Column columns}, so the contract and the record cannot drift apart.
 */
public final class NarrativeFields {

    /** What a field holds. */
    public enum Kind { VARIANT, TEXT, LIST }

    /** Every narrative field, in contract order. */
    public static final List<String> ALL;
    /** The six persona variants (1-3 sentences starting with the first name). */
    public static final List<String> VARIANTS;
    /** The list fields (JSON arrays of short items). */
    public static final List<String> LISTS;
    /** Every field that holds one text (variants and free texts), as an array for the hot paths. */
    static final String[] TEXT_FIELD_NAMES;
    private static final Column[] TEXT_COLUMNS;

    static {
        JsonNode root;
        try (InputStream in = NarrativeFields.class.getResourceAsStream("/narratives/contract.json")) {
            if (in == null) {
                throw new IllegalStateException("resource narratives/contract.json is missing from the build");
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read narratives/contract.json", e);
        }
        List<String> all = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode f : root.path("fields")) {
            String name = f.path("name").asText();
            Kind kind = Kind.valueOf(f.path("kind").asText().toUpperCase(java.util.Locale.ROOT));
            all.add(name);
            switch (kind) {
                case VARIANT -> {
                    variants.add(name);
                    texts.add(name);
                }
                case TEXT -> texts.add(name);
                case LIST -> lists.add(name);
                default -> throw new AssertionError(kind);
            }
        }
        List<String> columns = Column.NARRATIVE_FIELDS.stream().map(Column::columnName).toList();
        if (!all.equals(columns)) {
            throw new IllegalStateException("narratives/contract.json lists the fields " + all
                    + " but the record's narrative columns are " + columns);
        }
        for (String l : lists) {
            if (Column.valueOf(l.toUpperCase(java.util.Locale.ROOT)).type() != Column.Type.STRING_LIST) {
                throw new IllegalStateException("contract.json: " + l + " is a list but its column is not");
            }
        }
        ALL = List.copyOf(all);
        VARIANTS = List.copyOf(variants);
        LISTS = List.copyOf(lists);
        TEXT_FIELD_NAMES = texts.toArray(new String[0]);
        TEXT_COLUMNS = texts.stream().map(t -> Column.valueOf(t.toUpperCase(java.util.Locale.ROOT)))
                .toArray(Column[]::new);
    }

    private NarrativeFields() {
    }

    public static Kind kind(String field) {
        return LISTS.contains(field) ? Kind.LIST : VARIANTS.contains(field) ? Kind.VARIANT : Kind.TEXT;
    }

    public static boolean isList(String field) {
        return LISTS.contains(field);
    }

    /** The value of a field of a narrative: a String, or a List of String for a list field. */
    public static Object value(Narrative n, String field) {
        return switch (field) {
            case "persona" -> n.persona();
            case "professional_persona" -> n.professionalPersona();
            case "sports_persona" -> n.sportsPersona();
            case "arts_persona" -> n.artsPersona();
            case "travel_persona" -> n.travelPersona();
            case "culinary_persona" -> n.culinaryPersona();
            case "cultural_background" -> n.culturalBackground();
            case "skills_and_expertise" -> n.skillsAndExpertise();
            case "skills_and_expertise_list" -> n.skillsAndExpertiseList();
            case "hobbies_and_interests" -> n.hobbiesAndInterests();
            case "hobbies_and_interests_list" -> n.hobbiesAndInterestsList();
            case "career_goals_and_ambitions" -> n.careerGoalsAndAmbitions();
            case "persona_summary" -> n.personaSummary();
            default -> throw new IllegalArgumentException(field + " is not a narrative field");
        };
    }

    /**
     * A narrative from its field values by contract name ({@code value} gives a String, or a List of String for a
     * list field; null reads as empty), so that a reader of rows or of an LLM answer needs no list of fields.
     */
    @SuppressWarnings("unchecked")
    public static Narrative narrative(java.util.function.Function<String, Object> value, NarrativeStatus status,
                                      String model, String promptVersion) {
        Object[] v = new Object[ALL.size()];
        for (int i = 0; i < v.length; i++) {
            Object x = value.apply(ALL.get(i));
            v[i] = x != null ? x : isList(ALL.get(i)) ? List.of() : "";
        }
        int i = 0;
        // The record's constructor order is the contract's field order (checked against the columns at load).
        return new Narrative((String) v[i++], (String) v[i++], (String) v[i++], (String) v[i++], (String) v[i++],
                (String) v[i++], (String) v[i++], (String) v[i++], (List<String>) v[i++], (String) v[i++],
                (List<String>) v[i++], (String) v[i++], (String) v[i], status, model, promptVersion);
    }

    /** The record columns of the fields {@code which} selects, in contract order. */
    public static List<Column> columns(java.util.function.Predicate<String> which) {
        return ALL.stream().filter(which).map(f -> Column.valueOf(f.toUpperCase(java.util.Locale.ROOT))).toList();
    }

    /** {@code field}, after checking that the contract has it: for code that names one field on purpose. */
    public static String require(String field) {
        if (!ALL.contains(field)) {
            throw new IllegalStateException("narratives/contract.json has no field '" + field + "'");
        }
        return field;
    }

    /** The position of a text field in {@link #TEXT_FIELD_NAMES}, or -1 for a list or unknown field. */
    static int textIndex(String field) {
        for (int i = 0; i < TEXT_FIELD_NAMES.length; i++) {
            if (TEXT_FIELD_NAMES[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** The text fields of a narrative in lower case, made once for every check that reads them. */
    static String[] lowerTexts(Narrative n) {
        String[] out = texts(n);
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i].toLowerCase(java.util.Locale.ROOT);
        }
        return out;
    }

    /** The text fields of a narrative in the order of {@link #TEXT_FIELD_NAMES}. */
    static String[] texts(Narrative n) {
        String[] out = new String[TEXT_FIELD_NAMES.length];
        for (int i = 0; i < out.length; i++) {
            Object v = value(n, TEXT_FIELD_NAMES[i]);
            out[i] = v == null ? "" : (String) v;
        }
        return out;
    }

    /** The record columns of the text fields, for readers that hold rows rather than narratives. */
    static Column[] textColumns() {
        return TEXT_COLUMNS.clone();
    }
}
