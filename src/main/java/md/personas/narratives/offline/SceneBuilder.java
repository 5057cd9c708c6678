package md.personas.narratives.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.CensusModel;
import md.personas.census.Locality;
import md.personas.narratives.LifeFacts;
import md.personas.narratives.PlaceNames;
import md.personas.record.Persona;

/**
 * Builds the scene of one persona: its {@link Profile} and the variables every field shares, so that the
 * cultural background, the six variants and the summary agree on the place, the job, the personality words and
 * the languages. Holds only immutable lookups; safe to share between threads.
 */
final class SceneBuilder {

    private final PhraseBank bank;
    /** CUATM code to locality type: municipiu, oras, sat_resedinta or sat. */
    private final Map<String, String> localityTypes = new HashMap<>();
    private final int pensionAgeMen;
    private final int pensionAgeWomen;

    SceneBuilder(PhraseBank bank, CensusModel model) {
        this.bank = bank;
        for (Locality l : model.geography().localities()) {
            localityTypes.put(l.code(), localityType(l.type()));
        }
        pensionAgeMen = bank.node("life.pension_age.M").asInt();
        pensionAgeWomen = bank.node("life.pension_age.F").asInt();
        if (pensionAgeMen < 50 || pensionAgeWomen < 50) {
            throw new IllegalStateException("life.json: pension_age is missing");
        }
    }

    private static String localityType(String censusType) {
        return switch (censusType) {
            case "municipiu" -> "municipiu";
            case "oraș" -> "oras";
            case "sat-reședință de comună" -> "sat_resedinta";
            default -> "sat";
        };
    }

    Scene build(Persona p) {
        return build(p, 0);
    }

    /** The scene of draft {@code draft} (see {@link Dice#of(Persona, int)}). */
    Scene build(Persona p, int draft) {
        Dice root = Dice.of(p, draft);
        String type = localityTypes.getOrDefault(p.keys().localityCode(),
                "urban".equals(p.keys().residence()) ? "oras" : "sat");
        JsonNode faith = bank.node("faith.religions." + p.keys().religion());
        if (faith.isMissingNode()) {
            throw new IllegalStateException("faith.json has no religion '" + p.keys().religion() + "'");
        }
        String calendar = faith.path("calendar").asText("none");
        if (calendar.equals("by_ethnicity")) {
            JsonNode options = bank.node("faith.christmas_by_ethnicity." + p.keys().ethnicity());
            if (!options.isArray() || options.isEmpty()) {
                options = bank.node("faith.christmas_by_ethnicity.other");
            }
            calendar = options.get(root.stream(99).below(options.size())).asText();
        }
        int pensionAge = p.keys().female() ? pensionAgeWomen : pensionAgeMen;
        LifeFacts life = LifeFacts.of(p);
        Profile profile = new Profile(p, type, pensionAge, faith.path("feasts").asBoolean(),
                faith.path("drinks").asBoolean(), calendar, life);
        Scene s = new Scene(profile, root);

        s.set("first", p.firstName());
        s.set("first_gen", genitive(p.firstName(), p.keys().female()));
        s.set("last", p.lastName());
        s.set("full", p.name());
        s.set("age", Integer.toString(p.age()));
        s.set("ani", Sentences.years(p.age()));
        s.set("loc", PlaceNames.spoken(p.locality()));
        String district = "places.districts." + p.keys().district();
        s.set("dname", bank.say(district + ".name", s));
        s.set("unit", bank.say(district + ".unit", s));
        s.set("unit_gen", bank.say(district + ".unit_gen", s));
        s.set("unit_in", bank.say(district + ".unit_in", s));
        String region = "places.regions." + p.keys().region();
        s.set("area", bank.say(region + ".area", s));
        s.set("area_in", bank.say(region + ".area_in", s));
        s.set("loc_in", bank.say("places.locality.in", s));
        s.set("loc_from", bank.say("places.locality.from", s));
        s.set("place", bank.say("places.locality.full", s));

        setLanguage(s, "mother", p.keys().motherTongue());
        setLanguage(s, "usual", p.keys().usualLanguage());
        s.set("faith_adj", bank.say("faith.religions." + p.keys().religion() + ".adj", s));
        s.set("people", bank.say("communities.ethnic." + p.keys().ethnicity() + ".people", s));
        s.set("community", bank.say("communities.ethnic." + p.keys().ethnicity() + ".community", s));
        setBirth(s, p.age());
        s.set("dish_home", bank.say("communities.ethnic." + p.keys().ethnicity() + ".dishes", s));
        Entry field = bank.pick("life.fields." + p.keys().fieldOfStudy(), s);
        s.set("field", field.text(s));
        s.set("field_bare", field.render("bare", s));
        s.set("school", bank.say("life.schools", s));
        if (profile.employed()) {
            s.set("job", Sentences.lowerFirst(p.occupation()));
            s.set("role", bank.say("work.status.employed.role", s));
            s.set("duty", life.tasks());
            s.set("workplace", bank.say("work.occupations.workplace", s));
        } else {
            s.set("role", bank.say("work.status." + profile.labour + ".role", s));
            s.set("job", s.variable("role"));
        }
        s.set("career", life.formerWork().isEmpty() ? "oriunde a fost nevoie de {el|ea}".replace("{el|ea}",
                p.keys().female() ? "ea" : "el") : life.formerWork());
        setFamily(s, life, p.keys().female());
        if ("student".equals(profile.labour)) {
            s.set("campus", bank.say("work.student_places", s));
            s.set("study_year", studyYear(life.studyYear()));
        }
        setPersonality(s);
        return s;
    }

    /** The year of study of the life facts, in words ("anul întâi"; a lyceum pupil is in the last year). */
    static String studyYear(int year) {
        return switch (year) {
            case 1 -> "anul întâi";
            case 2 -> "anul al doilea";
            case 3 -> "anul al treilea";
            case 4 -> "anul al patrulea";
            default -> "ultimul an";
        };
    }

    /** Noun phrases of the family the life facts decided: {@code <kids>} ("doi copii"), {@code <grandkids>}. */
    private static void setFamily(Scene s, LifeFacts life, boolean female) {
        String kids = switch (life.children()) {
            case 0 -> "";
            case 1 -> "un copil";
            case 2 -> "doi copii";
            case 3 -> "trei copii";
            default -> "patru copii";
        };
        s.set("kids", kids);
        s.set("kid_word", life.children() == 1 ? "copilul" : "copiii");
        s.set("kid_gen", life.children() == 1 ? "copilului" : "copiilor");
        int g = life.grandchildren();
        s.set("grandkids", switch (g) {
            case 0 -> "";
            case 1 -> "un nepot";
            case 2 -> "doi nepoți";
            case 3 -> "trei nepoți";
            case 4 -> "patru nepoți";
            case 5 -> "cinci nepoți";
            case 6 -> "șase nepoți";
            default -> "șapte nepoți";
        });
        s.set("grand_word", g == 1 ? "nepotul" : "nepoții");
        s.set("grand_gen", g == 1 ? "nepotului" : "nepoților");
        s.set("grand_bare", g == 1 ? "nepot" : "nepoți");
        s.set("spouse", female ? "soțul" : "soția");
        s.set("retired_for", life.yearsRetired() <= 0 ? "de puțin timp" : life.yearsRetired() == 1 ? "de un an"
                : "de " + Sentences.years(life.yearsRetired()));
        s.set("study_place", life.study().label());
    }

    /**
     * The genitive-dative of a first name ("lui Ion", "Mariei", "Veronicăi"): feminine names in -a inflect, as
     * standard Romanian asks; every other name takes "lui". Names whose inflection would look odd in Romanian (a
     * double vowel before the -a, as in Anastasiia) keep "lui" as well.
     */
    static String genitive(String name, boolean female) {
        int n = name.length();
        if (!female || n < 3 || name.charAt(n - 1) != 'a' || name.contains(" ")) {
            return "lui " + name;
        }
        char before = name.charAt(n - 2);
        String stem = name.substring(0, n - 1);
        if (before == 'i' && name.charAt(n - 3) == 'i' || before == 'y' || before == 'a' || before == 'o'
                || before == 'u') {
            return "lui " + name;
        }
        if (before == 'e') {
            return stem + "i"; // Andreea -> Andreei
        }
        if (before == 'c' || before == 'g') {
            return stem + "ăi"; // Veronica -> Veronicăi, Olga -> Olgăi
        }
        return stem + "ei"; // Maria -> Mariei, Elena -> Elenei
    }

    private void setLanguage(Scene s, String which, String id) {
        String key = "communities.languages." + id;
        s.set(which + "_lang", bank.say(key + ".short", s));
        s.set(which + "_lang_full", bank.say(key + ".full", s));
        s.set(which + "_lang_in", bank.say(key + ".in", s));
    }

    /**
     * The birth years of an age at the census (8 April 2024) are 2023-age and 2024-age; the phrase names the
     * decade and, when both years fall in it, its beginning, middle or end.
     */
    private void setBirth(Scene s, int age) {
        int early = 2023 - age;
        int late = 2024 - age;
        String decade = decade(early);
        s.set("decade", "anii " + decade);
        String when;
        if (early / 10 != late / 10) {
            when = "la cumpăna dintre anii " + decade + " și " + decade(late);
        } else {
            int y = early % 10;
            String part = y <= 2 ? "la începutul" : y <= 6 ? "la mijlocul" : "la sfârșitul";
            when = part + " anilor " + decade;
        }
        s.set("born_when", when);
    }

    /** "'80" for the 1980s, "2000" for the 2000s. */
    private static String decade(int year) {
        int d = year / 10 * 10;
        return d >= 2000 ? Integer.toString(d) : "'" + String.format("%02d", d % 100);
    }

    /**
     * The two most pronounced traits (farthest from the mean of 50) become the persona's personality words:
     * {@code adj_a}, {@code adj_b} (adjectives agreeing with sex) and {@code does_a}, {@code does_b} (behaviour,
     * a clause without subject). A persona with no trait beyond the middle band reads as balanced.
     */
    private void setPersonality(Scene s) {
        Profile p = s.profile();
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        order.sort(Comparator.comparingInt((Integer t) -> -Math.abs(p.ocean[t] - 50)).thenComparingInt(t -> t));
        String a = traitKey(p, order.get(0));
        String b = traitKey(p, order.get(1));
        s.set("trait_a", a);
        s.set("trait_b", b);
        s.set("adj_a", bank.say("personality." + a + ".adj", s));
        s.set("adj_b", bank.say("personality." + b + ".adj", s));
        s.set("does_a", bank.say("personality." + a + ".does", s));
        s.set("does_b", bank.say("personality." + b + ".does", s));
        s.set("work_style", bank.say("personality." + a + ".work", s));
    }

    /** e.g. "O.high", "N.low", or "O.mid" for a score in the middle band. */
    static String traitKey(Profile p, int trait) {
        int score = p.ocean[trait];
        String level = score >= Profile.HIGH ? "high" : score <= Profile.LOW ? "low" : "mid";
        return Profile.TRAITS.charAt(trait) + "." + level;
    }
}
