package md.personas.narratives.offline;

import java.util.Locale;
import md.personas.narratives.LifeFacts;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;

/**
 * What the writer knows about one persona, in the canonical ids that phrase-bank conditions test: life stage,
 * birth cohort, early pension, capital or village, religious calendar. Built once per narrative.
 */
final class Profile {

    /** Trait letters in the order of {@link #ocean}. */
    static final String TRAITS = "OCEAN";
    static final int HIGH = 56;
    static final int LOW = 44;

    final Persona persona;
    final PersonaKeys keys;
    final boolean female;
    final int age;
    /** young (18-24), adult (25-64) or senior (65+). */
    final String stage;
    /** Birth cohort id of the culture facts, e.g. born_1980s. */
    final String cohort;
    final String labour;
    /** A pensioner below the standard pension age: a disability or special pension. */
    final boolean earlyPension;
    final String residence;
    /** Lives in the city of Chișinău itself (not a suburb of the municipality). */
    final boolean capital;
    /** municipiu, oras, sat_resedinta or sat. */
    final String localityType;
    /** The locality is the seat of its raion (its name is the district's). */
    final boolean districtSeat;
    final int[] ocean;
    /** Keeps the Christian feasts (Crăciun, Paște, hram). */
    final boolean feasts;
    /** Drinks wine: false for the abstinent confessions. */
    final boolean drinks;
    /** Christmas on 7 January (julian) or 25 December (gregorian), both, or none (not kept). */
    final String calendar;
    /** The job title in lower case for the employed, empty otherwise (for {@code job} conditions). */
    final String jobTitle;
    /** The usual language differs from the mother tongue (Romanian and Moldovan count as one language). */
    final boolean switchesLanguage;
    /** The facts of this life beyond the columns, decided once and shared with every field (and the LLM prompt). */
    final LifeFacts life;

    Profile(Persona p, String localityType, int pensionAge, boolean feasts, boolean drinks, String calendar,
            LifeFacts life) {
        this.life = life;
        this.persona = p;
        this.keys = p.keys();
        this.female = keys.female();
        this.age = p.age();
        this.stage = age < 25 ? "young" : age < 65 ? "adult" : "senior";
        this.cohort = cohortOf(age);
        this.labour = keys.labourStatus();
        this.earlyPension = keys.retired() && age < pensionAge;
        this.residence = keys.residence();
        this.localityType = localityType;
        this.capital = "mun_chisinau".equals(keys.district()) && "municipiu".equals(localityType);
        this.districtSeat = !"sat".equals(localityType) && !"sat_resedinta".equals(localityType)
                && p.district().replace("Municipiul ", "").equals(p.locality());
        this.ocean = new int[] {p.oceanOpenness(), p.oceanConscientiousness(), p.oceanExtraversion(),
                p.oceanAgreeableness(), p.oceanNeuroticism()};
        this.feasts = feasts;
        this.drinks = drinks;
        this.calendar = calendar;
        this.jobTitle = keys.employed() ? p.occupation().toLowerCase(Locale.ROOT) : "";
        this.switchesLanguage = !language(keys.motherTongue()).equals(language(keys.usualLanguage()));
    }

    /** Romanian under any of its census names. */
    static String language(String id) {
        return id.equals("moldovan") || id.equals("romanian_moldovan") ? "romanian" : id;
    }

    /** Birth cohorts of culture-facts.json by age (its ages are those of 2025; the census year is 2024). */
    static String cohortOf(int age) {
        if (age >= 75) {
            return "born_1930s_1940s";
        }
        if (age >= 64) {
            return "born_1950s";
        }
        if (age >= 54) {
            return "born_1960s";
        }
        if (age >= 44) {
            return "born_1970s";
        }
        if (age >= 34) {
            return "born_1980s";
        }
        if (age >= 24) {
            return "born_1990s";
        }
        return "born_2000s";
    }

    int trait(char letter) {
        int i = TRAITS.indexOf(letter);
        if (i < 0) {
            throw new IllegalArgumentException("unknown trait '" + letter + "'");
        }
        return ocean[i];
    }

    boolean high(char letter) {
        return trait(letter) >= HIGH;
    }

    boolean low(char letter) {
        return trait(letter) <= LOW;
    }

    boolean employed() {
        return keys.employed();
    }
}
