package md.personas.narratives.llm;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import md.personas.census.CategorySet;
import md.personas.census.CensusModel;
import md.personas.census.Locality;
import md.personas.narratives.LifeFacts;
import md.personas.narratives.PlaceNames;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;

/**
 * Every structured field of a persona as the prompt states it: census labels in the persona's grammatical gender
 * (Moldoveancă, Căsătorită, Pensionară), the locality's type, the administrative unit as Romanian says it. Looked up
 * by the canonical ids of {@link PersonaKeys}, so a relabelled category cannot silently drop out of the prompt.
 */
final class PersonaProfile {

    private final CensusModel model;
    private final Map<String, String> localityTypes = new HashMap<>();

    PersonaProfile(CensusModel model) {
        this.model = model;
        for (Locality l : model.geography().localities()) {
            localityTypes.put(l.code(), l.type());
        }
    }

    /** Placeholder values of the persona's facts (see the header of the prompt resource). */
    Map<String, String> facts(Persona p) {
        PersonaKeys k = p.keys();
        boolean f = p.isFemale();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("first_name", p.firstName());
        v.put("last_name", p.lastName());
        v.put("age", Integer.toString(p.age()));
        v.put("age_years", count(p.age(), "ani"));
        v.put("locality", PlaceNames.spoken(p.locality()));
        v.put("locality_type", localityTypes.getOrDefault(k.localityCode(), "localitate"));
        v.put("residence", p.residenceType().toLowerCase(Locale.ROOT));
        v.put("district", districtPhrase(k.district(), p.district()));
        v.put("region", p.region());
        v.put("country", p.country());
        v.put("ethnicity", gendered(model.ethnicity(), k.ethnicity(), f, p.ethnicity()));
        v.put("mother_tongue", p.motherTongue());
        v.put("usual_language", p.usualLanguage());
        v.put("religion", gendered(model.religion(), k.religion(), f, p.religion()));
        v.put("education", p.educationLevel());
        v.put("field_of_study", "none".equals(k.fieldOfStudy()) ? "" : p.fieldOfStudy());
        // For those without a job the occupation column repeats the labour status: the status line says it.
        v.put("occupation", k.employed() ? p.occupation() : "");
        v.put("occupation_lower", k.employed() ? lowerFirst(p.occupation()) : "");
        v.put("occupation_group", k.employed() ? p.occupationGroup() : "");
        String status = gendered(model.labour(), k.labourStatus(), f, p.employmentStatus());
        v.put("employment_status", status);
        v.put("employment_status_lower", lowerFirst(status));
        v.put("marital_status", gendered(model.marital(), k.maritalStatus(), f, p.maritalStatus()));
        // The same life the offline writer tells: decided once per record, stated so the model does not invent one.
        v.put("life_facts", LifeFacts.of(p).describe(p));
        return v;
    }

    /** "raionul Orhei", but "Municipiul Chișinău" and "UTA Găgăuzia" as they are. */
    static String districtPhrase(String districtId, String label) {
        if (districtId.startsWith("mun_") || districtId.startsWith("uta_")) {
            return label;
        }
        return "raionul " + label;
    }

    /** "18 ani", "47 de ani": Romanian puts "de" between a number and its noun from 20 on (but 101-119 not). */
    static String count(int n, String noun) {
        int lastTwo = Math.abs(n) % 100;
        return n + (n == 0 || (lastTwo >= 1 && lastTwo <= 19) ? " " : " de ") + noun;
    }

    private static String gendered(CategorySet set, String id, boolean female, String canonical) {
        if (!female || !set.contains(id)) {
            return canonical;
        }
        return set.feminineLabel(set.indexOf(id));
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
