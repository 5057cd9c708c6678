package md.personas.narratives.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * When a phrase-bank entry fits a persona: the {@code when} object of an entry, compiled. Keys are ANDed; a list
 * value is any-of. Keys: {@code sex} (M, F), {@code age} ([min, max]), {@code stage} (young, adult, senior),
 * {@code cohort}, {@code labour}, {@code residence}, {@code capital}, {@code seat}, {@code locality_type},
 * {@code region}, {@code district}, {@code locality}, {@code ethnicity}, {@code mother}, {@code usual},
 * {@code religion}, {@code marital}, {@code education}, {@code field}, {@code isco}, {@code isco08} (code prefixes),
 * {@code sector}, {@code job} (prefixes of the lower-case job title), {@code feasts}, {@code drinks}, {@code calendar}, {@code early_pension}, {@code switches} (usual language is not the mother tongue), {@code high} and
 * {@code low} (trait letters of OCEAN, at least one T-score of 56 or at most 44); and the record's
 * {@link md.personas.narratives.LifeFacts}: {@code children} and {@code retired_years} ([min, max]), {@code kids}
 * (none, small, school, grown), {@code grandchildren}, {@code plans_child}, {@code with_parents} (true/false),
 * {@code study} (none, lyceum, vocational_school, college, university, masters, doctorate, courses). Every list key also has a
 * {@code not_} form.
 */
final class Condition {

    static final Condition ALWAYS = new Condition(List.of());

    private static final Map<String, Function<Profile, String>> ATTRIBUTES = Map.ofEntries(
            Map.entry("sex", p -> p.female ? "F" : "M"),
            Map.entry("stage", p -> p.stage),
            Map.entry("cohort", p -> p.cohort),
            Map.entry("labour", p -> p.labour),
            Map.entry("residence", p -> p.residence),
            Map.entry("locality_type", p -> p.localityType),
            Map.entry("region", p -> p.keys.region()),
            Map.entry("district", p -> p.keys.district()),
            Map.entry("locality", p -> p.persona.locality()),
            Map.entry("ethnicity", p -> p.keys.ethnicity()),
            Map.entry("mother", p -> p.keys.motherTongue()),
            Map.entry("usual", p -> p.keys.usualLanguage()),
            Map.entry("religion", p -> p.keys.religion()),
            Map.entry("marital", p -> p.keys.maritalStatus()),
            Map.entry("education", p -> p.keys.education()),
            Map.entry("field", p -> p.keys.fieldOfStudy()),
            Map.entry("isco", p -> p.keys.iscoMajor()),
            Map.entry("sector", p -> p.keys.sector()),
            Map.entry("calendar", p -> p.calendar),
            Map.entry("kids", p -> p.life.childrenStage().name().toLowerCase(java.util.Locale.ROOT)),
            Map.entry("study", p -> p.life.study().name().toLowerCase(java.util.Locale.ROOT)));

    private final List<Predicate<Profile>> tests;

    private Condition(List<Predicate<Profile>> tests) {
        this.tests = tests;
    }

    boolean test(Profile p) {
        for (Predicate<Profile> t : tests) {
            if (!t.test(p)) {
                return false;
            }
        }
        return true;
    }

    static Condition compile(JsonNode when, String where) {
        if (when == null || when.isMissingNode() || when.isNull()) {
            return ALWAYS;
        }
        if (!when.isObject()) {
            throw new IllegalArgumentException(where + ": 'when' must be an object");
        }
        List<Predicate<Profile>> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : when.properties()) {
            tests.add(compile(e.getKey(), e.getValue(), where));
        }
        return tests.isEmpty() ? ALWAYS : new Condition(List.copyOf(tests));
    }

    private static Predicate<Profile> compile(String key, JsonNode value, String where) {
        boolean negated = key.startsWith("not_");
        String name = negated ? key.substring(4) : key;
        Predicate<Profile> test = switch (name) {
            case "age" -> {
                if (!value.isArray() || value.size() != 2) {
                    throw new IllegalArgumentException(where + ": 'age' must be [min, max]");
                }
                int min = value.get(0).asInt();
                int max = value.get(1).asInt();
                yield p -> p.age >= min && p.age <= max;
            }
            case "children" -> range(value, where, key, p -> p.life.children());
            case "retired_years" -> range(value, where, key, p -> p.life.yearsRetired());
            case "grandchildren" -> flag(value, where, key, p -> p.life.grandchildren() > 0);
            case "plans_child" -> flag(value, where, key, p -> p.life.firstChildPlanned());
            case "with_parents" -> flag(value, where, key, p -> p.life.withParents());
            case "capital" -> flag(value, where, key, p -> p.capital);
            case "seat" -> flag(value, where, key, p -> p.districtSeat);
            case "feasts" -> flag(value, where, key, p -> p.feasts);
            case "drinks" -> flag(value, where, key, p -> p.drinks);
            case "early_pension" -> flag(value, where, key, p -> p.earlyPension);
            case "switches" -> flag(value, where, key, p -> p.switchesLanguage);
            case "job" -> {
                List<String> prefixes = strings(value);
                yield p -> {
                    String title = p.jobTitle;
                    if (title.isEmpty()) {
                        return false;
                    }
                    for (String prefix : prefixes) {
                        if (title.startsWith(prefix)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case "high" -> traits(value, where, true);
            case "low" -> traits(value, where, false);
            case "isco08" -> {
                List<String> prefixes = strings(value);
                yield p -> {
                    String code = p.keys.isco08();
                    for (String prefix : prefixes) {
                        if (!code.isEmpty() && code.startsWith(prefix)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            default -> {
                Function<Profile, String> attribute = ATTRIBUTES.get(name);
                if (attribute == null) {
                    throw new IllegalArgumentException(where + ": unknown condition '" + key + "'");
                }
                Set<String> allowed = new HashSet<>(strings(value));
                yield p -> allowed.contains(attribute.apply(p));
            }
        };
        return negated ? test.negate() : test;
    }

    private static Predicate<Profile> range(JsonNode value, String where, String key,
                                            java.util.function.ToIntFunction<Profile> of) {
        if (!value.isArray() || value.size() != 2) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be [min, max]");
        }
        int min = value.get(0).asInt();
        int max = value.get(1).asInt();
        return p -> {
            int v = of.applyAsInt(p);
            return v >= min && v <= max;
        };
    }

    private static Predicate<Profile> flag(JsonNode value, String where, String key, Predicate<Profile> test) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be true or false");
        }
        return value.asBoolean() ? test : test.negate();
    }

    /** Any of the named traits is high (or low). */
    private static Predicate<Profile> traits(JsonNode value, String where, boolean high) {
        String letters = String.join("", strings(value));
        for (char c : letters.toCharArray()) {
            if (Profile.TRAITS.indexOf(c) < 0) {
                throw new IllegalArgumentException(where + ": unknown trait '" + c + "'");
            }
        }
        return p -> {
            for (int i = 0; i < letters.length(); i++) {
                if (high ? p.high(letters.charAt(i)) : p.low(letters.charAt(i))) {
                    return true;
                }
            }
            return false;
        };
    }

    private static List<String> strings(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> out.add(v.asText()));
        } else {
            out.add(value.asText());
        }
        return out;
    }
}
