package md.personas.narratives.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.census.CategorySet;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.NarrativeContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks of the phrase bank as data, independent of which personas the sampler happens to draw: every text of
 * every entry, for both sexes, in every alternative.
 */
class PhraseBankTest {

    private static final Pattern WORD = Pattern.compile("[\\p{L}-]+");
    /** Variables the writer sets; hobby_* are checked by pattern. */
    private static final Set<String> VARIABLES = Set.of("first", "first_gen", "last", "full", "age", "ani", "loc",
            "dname", "unit", "unit_gen", "unit_in", "area", "area_in", "loc_in", "loc_from", "place", "mother_lang",
            "mother_lang_full", "mother_lang_in", "usual_lang", "usual_lang_full", "usual_lang_in", "faith_adj",
            "people", "community", "decade", "born_when", "field", "field_bare", "school", "role", "job", "duty",
            "workplace", "career", "campus", "study_year", "trait_a", "trait_b", "adj_a", "adj_b", "does_a",
            "does_b", "work_style", "fact", "items_a", "items_b", "items_a_bare", "items_b_bare", "skill_1", "sight",
            "trip", "dish", "dish_2", "ethnic_art", "dream_trip", "venue", "produce", "outdoors", "kids", "kid_word",
            "kid_gen", "grandkids", "grand_word", "grand_gen", "grand_bare", "spouse", "retired_for", "study_place", "dish_home");
    private static final Pattern HOBBY_VARIABLE = Pattern.compile("hobby_([1-8]|[a-z]+)(_bare)?");
    /** Abbreviations with a full stop would split a sentence in the contract's sentence count. */
    private static final Pattern ABBREVIATION =
            Pattern.compile("\\b(Sf|str|nr|sec|km|etc|dl|dna|ș\\.a|d)\\. |(^|[\\s„(])\\p{Lu}\\. ");

    private static PhraseBank bank;
    private static CensusModel model;
    private static List<String[]> genderPairs;
    private static Set<String> invariantAfter;

    @BeforeAll
    static void load() throws Exception {
        bank = PhraseBank.load();
        model = CensusModel.load(ReferenceSource.bundled());
        try (InputStream in = NarrativeContract.class.getResourceAsStream("/narratives/contract.json")) {
            JsonNode contract = new ObjectMapper().readTree(in);
            genderPairs = new ArrayList<>();
            contract.path("gender").path("pairs").forEach(p -> genderPairs.add(new String[] {p.get(0).asText(),
                    p.get(1).asText()}));
            invariantAfter = new HashSet<>();
            contract.path("gender").path("invariant_after").forEach(w -> invariantAfter.add(w.asText()));
        }
    }

    private interface TextCheck {
        void check(String where, String text, boolean female, List<String> problems);
    }

    /** Runs a check on every expansion, for both sexes, of every text of every entry. */
    private static List<String> everyText(TextCheck check) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry[]> list : bank.all().entrySet()) {
            for (Entry e : list.getValue()) {
                for (Map.Entry<String, PhraseTemplate> field : e.templates().entrySet()) {
                    for (boolean female : new boolean[] {false, true}) {
                        for (String text : field.getValue().expansions(female)) {
                            check.check(e.where() + "." + field.getKey(), text, female, problems);
                        }
                    }
                }
            }
        }
        return problems;
    }

    @Test
    void describingWordsAgreeWithTheSexInEveryAlternative() {
        List<String> problems = everyText((where, text, female, out) -> {
            List<String> words = new ArrayList<>();
            Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                words.add(m.group());
            }
            for (int i = 0; i < words.size(); i++) {
                for (String[] pair : genderPairs) {
                    String wrong = pair[female ? 0 : 1];
                    if (words.get(i).equals(wrong) && (i == 0 || !invariantAfter.contains(words.get(i - 1)))) {
                        out.add(where + (female ? " (F)" : " (M)") + ": '" + wrong + "' in: " + text);
                    }
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void textsUseCommaBelowDiacriticsAndAreNormalized() {
        List<String> problems = everyText((where, text, female, out) -> {
            if (text.matches(".*[şţŞŢ].*")) {
                out.add(where + ": cedilla in " + text);
            }
            if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
                out.add(where + ": not NFC: " + text);
            }
            if (text.contains("  ") || text.contains(" ,") || text.contains(" .") || text.contains(",,")) {
                out.add(where + ": spacing in " + text);
            }
            if (ABBREVIATION.matcher(text).find()) {
                out.add(where + ": abbreviation with a full stop in " + text);
            }
            if (text.contains("lui <first>")) {
                out.add(where + ": write <first_gen> (Mariei, lui Ion) instead of 'lui <first>': " + text);
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyVariableIsOneTheWriterSets() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry[]> list : bank.all().entrySet()) {
            for (Entry e : list.getValue()) {
                for (PhraseTemplate t : e.templates().values()) {
                    for (String v : t.variables()) {
                        if (!VARIABLES.contains(v) && !HOBBY_VARIABLE.matcher(v).matches()) {
                            problems.add(e.where() + ": unknown variable <" + v + ">");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyCategoryOfTheCensusModelHasItsPhrases() {
        List<String> missing = new ArrayList<>();
        for (String d : model.district().ids()) {
            for (String f : List.of("name", "unit", "unit_gen", "unit_in", "facts", "economy", "sights")) {
                require("places.districts." + d + "." + f, missing);
            }
        }
        for (String r : model.region().ids()) {
            for (String f : List.of("area", "area_in", "facts")) {
                require("places.regions." + r + "." + f, missing);
            }
        }
        for (String e : model.ethnicity().ids()) {
            for (String f : List.of("people", "community", "identity", "customs", "dishes", "arts")) {
                require("communities.ethnic." + e + "." + f, missing);
            }
        }
        for (String l : model.language().ids()) {
            for (String f : List.of("short", "full", "in")) {
                require("communities.languages." + l + "." + f, missing);
            }
        }
        for (String r : model.religion().ids()) {
            require("faith.religions." + r + ".adj", missing);
            require("faith.religions." + r + ".lines", missing);
        }
        for (String l : model.labour().ids()) {
            for (String f : List.of("role", "background", "professional", "goals")) {
                require("work.status." + l + "." + f, missing);
            }
        }
        for (String e : model.education().ids()) {
            require("life.education." + e, missing);
        }
        for (String m : model.marital().ids()) {
            require("life.family." + m, missing);
        }
        for (String f : model.fieldOfStudy().field().ids()) {
            require("life.fields." + f, missing);
        }
        for (int age = CensusModel.MIN_AGE; age <= CensusModel.MAX_AGE; age++) {
            require("life.generations." + Profile.cohortOf(age), missing);
        }
        for (char t : Profile.TRAITS.toCharArray()) {
            for (String level : List.of("high", "mid", "low")) {
                for (String f : List.of("adj", "does", "work")) {
                    require("personality." + t + "." + level + "." + f, missing);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static void require(String key, List<String> missing) {
        if (!bank.has(key)) {
            missing.add(key);
        }
    }

    @Test
    void conditionsNameOnlyIdsTheCensusModelKnows() {
        Map<String, CategorySet> sets = Map.ofEntries(
                Map.entry("district", model.district()), Map.entry("region", model.region()),
                Map.entry("ethnicity", model.ethnicity()), Map.entry("religion", model.religion()),
                Map.entry("education", model.education()), Map.entry("marital", model.marital()),
                Map.entry("labour", model.labour()), Map.entry("isco", model.isco()),
                Map.entry("sector", model.sector()), Map.entry("mother", model.language()),
                Map.entry("usual", model.language()), Map.entry("residence", model.residence()),
                Map.entry("field", model.fieldOfStudy().field()));
        Set<String> localities = new HashSet<>();
        model.geography().localities().forEach(l -> localities.add(l.name()));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry[]> list : bank.all().entrySet()) {
            for (Entry e : list.getValue()) {
                if (e.whenSource == null) {
                    continue;
                }
                e.whenSource.fields().forEachRemaining(c -> {
                    String key = c.getKey().replaceFirst("^not_", "");
                    List<String> values = new ArrayList<>();
                    if (c.getValue().isArray()) {
                        c.getValue().forEach(v -> values.add(v.asText()));
                    } else {
                        values.add(c.getValue().asText());
                    }
                    for (String v : values) {
                        if (sets.containsKey(key) && !sets.get(key).contains(v)) {
                            problems.add(e.where() + ": unknown " + key + " '" + v + "'");
                        }
                        if (key.equals("locality") && !localities.contains(v)) {
                            problems.add(e.where() + ": unknown locality '" + v + "'");
                        }
                    }
                });
                if (e.has("locality") && !localities.contains(e.template("locality").source())) {
                    problems.add(e.where() + ": fact of unknown locality '" + e.template("locality").source() + "'");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void factsAreClausesThatNeverStateAnAge() {
        // A fact must not contain "are N ani" or "în vârstă de N ani": the contract reads those as the persona's age.
        Pattern agePhrase = Pattern.compile("\\bare \\d{1,3} (de )?ani\\b|în vârstă de \\d");
        List<String> problems = everyText((where, text, female, out) -> {
            if (agePhrase.matcher(text).find()) {
                out.add(where + ": states an age: " + text);
            }
        });
        assertEquals(List.of(), problems);
        assertFalse(bank.entries("places.districts.soroca.facts").length < 4);
        assertTrue(bank.entries("nation.facts").length >= 30);
    }

    /** A synonym set that names a phrase no skill list holds would silently stop deduplicating it. */
    @Test
    void everySkillSynonymIsASkillOfTheBank() {
        Set<String> skills = new HashSet<>();
        for (Map.Entry<String, Entry[]> list : bank.all().entrySet()) {
            if (!list.getKey().endsWith(".skills") && !list.getKey().startsWith("work.skills.")) {
                continue;
            }
            for (Entry e : list.getValue()) {
                for (boolean female : new boolean[] {false, true}) {
                    e.templates().get("t").expansions(female).forEach(t -> skills.add(t.toLowerCase(Locale.ROOT)));
                }
            }
        }
        assertTrue(skills.size() > 100, "skills found: " + skills.size());
        List<String> unknown = SkillSynonyms.bundled().phrases().stream().filter(p -> !skills.contains(p)).sorted()
                .toList();
        assertEquals(List.of(), unknown, "synonyms that are no skill of the bank");
    }
}
