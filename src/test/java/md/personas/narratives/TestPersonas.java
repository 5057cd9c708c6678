package md.personas.narratives;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;
import md.personas.sampling.PersonaSampler;

/** Personas for the narrative checks: hand-made ones with the columns a test needs, and sampled ones. */
final class TestPersonas {

    private static CensusModel model;

    private TestPersonas() {
    }

    static synchronized CensusModel model() {
        if (model == null) {
            model = CensusModel.load(ReferenceSource.bundled());
        }
        return model;
    }

    static List<Persona> sampled(int n, Predicate<Persona> kind) {
        PersonaSampler sampler = new PersonaSampler(model(), 20240408L);
        List<Persona> out = new ArrayList<>();
        for (long i = 0; out.size() < n && i < 400_000; i++) {
            Persona p = sampler.sample(i);
            if (kind.test(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * A persona of Cosăuți (Soroca) with the given columns; {@code labour} is a labour id (employed, retired...),
     * {@code occupation} the job title for the employed and {@code isco08} its code.
     */
    static Persona of(String uuid, boolean female, int age, String marital, String education, String labour,
                      String occupation, String isco08, String religion) {
        return of(uuid, female, age, marital, education, labour, occupation, isco08, religion, false);
    }

    /** As above; {@code town}: a persona of the town of Soroca instead of the village of Cosăuți. */
    static Persona of(String uuid, boolean female, int age, String marital, String education, String labour,
                      String occupation, String isco08, String religion, boolean town) {
        boolean employed = "employed".equals(labour);
        PersonaKeys keys = new PersonaKeys(female, "35-39", "nord", "soroca", town ? "urban" : "rural",
                "7801000", "moldovan",
                "romanian", "romanian", religion, education, marital, labour, employed ? "isco_" + isco08.charAt(0)
                : "", employed ? isco08 : "", employed ? "services" : "", "education");
        String status = switch (labour) {
            case "employed" -> "Ocupat";
            case "retired" -> "Pensionar";
            case "student" -> "Elev/student";
            case "unemployed" -> "Șomer";
            case "homemaker" -> "Casnic (îngrijește familia)";
            default -> "Altă persoană inactivă";
        };
        return new Persona(uuid, 0, female ? "Ana Rusu" : "Ion Rusu", female ? "Ana" : "Ion", "Rusu",
                female ? "Feminin" : "Masculin", age, "35-44", "Căsătorit", "Superior", "Științe ale educației",
                employed ? occupation : status, employed ? "Specialiști" : "Nu lucrează", status, "Moldovean",
                "Română", "Română", "Ortodoxă", town ? "Soroca" : "Cosăuți", "Soroca", "Regiunea de dezvoltare Nord",
                town ? "Urban" : "Rural",
                "Republica Moldova", 50, 50, 50, 50, 50, keys, 0);
    }
}
