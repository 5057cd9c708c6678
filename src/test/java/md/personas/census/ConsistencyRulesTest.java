package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.record.Row;
import md.personas.sampling.PersonaSampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each hard rule catches a record that breaks it. */
class ConsistencyRulesTest {

    static CensusModel model;
    static ConsistencyRules rules;
    static PersonaSampler sampler;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        rules = new ConsistencyRules(model);
        sampler = new PersonaSampler(model, 11);
    }

    /** A sampled record with some columns overwritten. */
    private static Row edited(java.util.function.Predicate<Persona> pick, Map<Column, Object> changes) {
        for (int i = 0; ; i++) {
            Persona p = sampler.sample(i);
            if (pick.test(p)) {
                PersonaRecord r = new PersonaRecord(p, Narrative.none());
                Map<Column, Object> values = new EnumMap<>(Column.class);
                for (Column c : Column.values()) {
                    values.put(c, r.get(c));
                }
                values.putAll(changes);
                assertTrue(rules.violations(r).isEmpty(), "the unedited record is valid");
                return values::get;
            }
        }
    }

    private static void assertViolation(Row row, String fragment) {
        List<String> v = rules.violations(row);
        assertTrue(v.stream().anyMatch(s -> s.contains(fragment)), "expected '" + fragment + "' in " + v);
    }

    @Test
    void tertiaryDegreeAtNineteen() {
        assertViolation(edited(p -> p.age() == 19, Map.of(Column.EDUCATION_LEVEL, "Superior")), "minimum 21");
    }

    @Test
    void ageOutsideItsGroup() {
        assertViolation(edited(p -> p.age() == 40, Map.of(Column.AGE_GROUP, "18-24")), "does not contain age 40");
    }

    @Test
    void pensionerAtEighteenIsImpossible() {
        assertViolation(edited(p -> p.age() == 18, Map.of(Column.EMPLOYMENT_STATUS, "Pensionar",
                Column.OCCUPATION, "Pensionar", Column.OCCUPATION_GROUP, CensusModel.NOT_WORKING_GROUP)), "impossible");
    }

    @Test
    void masculineTitleForAWoman() {
        assertViolation(edited(p -> p.isFemale() && p.keys().employed() && p.occupation().equals("Profesoară"),
                Map.of(Column.OCCUPATION, "Profesor")), "not a feminine title");
    }

    @Test
    void districtOutsideItsRegion() {
        assertViolation(edited(p -> p.district().equals("Orhei"), Map.of(Column.REGION, "Regiunea de dezvoltare Sud")),
                "is not in region");
    }

    @Test
    void urbanLabelOnAVillage() {
        assertViolation(edited(p -> p.residenceType().equals("Rural"), Map.of(Column.RESIDENCE_TYPE, "Urban")),
                "is not a Urban locality");
    }

    @Test
    void feminineSurnameForARussianMan() {
        assertViolation(edited(p -> !p.isFemale() && p.lastName().equals("Ivanov") && p.ethnicity().equals("Rus"),
                Map.of(Column.LAST_NAME, "Ivanova")), "pool in the form for Masculin");
    }

    @Test
    void romanianSurnameNeverTakesAFeminineEnding() {
        // Marin ends in -in like Nichitin and Darii in -ii like Lipskii, but both are Romanian and never change.
        assertViolation(edited(p -> p.isFemale() && p.ethnicity().equals("Moldovean"),
                Map.of(Column.LAST_NAME, "Marina")), "pool in the form for Feminin");
        assertViolation(edited(p -> p.isFemale() && p.ethnicity().equals("Moldovean"),
                Map.of(Column.LAST_NAME, "Daraia")), "pool in the form for Feminin");
    }

    @Test
    void firstNameOfAnotherBirthDecade() {
        NameModel names = model.names();
        int moldovan = model.ethnicity().indexOf("moldovan");
        int women = model.sex().indexOf("F");
        java.util.Set<String> born1940s = java.util.Set.of(names.firstNames(moldovan, women, 2).names());
        String modern = java.util.Arrays.stream(names.firstNames(moldovan, women, 8).names())
                .filter(n -> !born1940s.contains(n)).findFirst().orElseThrow();
        assertViolation(edited(p -> p.isFemale() && p.ethnicity().equals("Moldovean") && p.age() >= 75
                        && p.age() <= 84, Map.of(Column.FIRST_NAME, modern)), "pool of the 1940s");
    }

    @Test
    void physicianWithoutADegree() {
        assertViolation(edited(p -> p.keys().employed() && p.occupation().startsWith("Medic")
                        && !p.occupation().contains("veterinar"),
                Map.of(Column.EDUCATION_LEVEL, "Profesional tehnic")), "requires a tertiary degree");
    }

    @Test
    void physicianWhoDidNotStudyMedicine() {
        assertViolation(edited(p -> p.keys().employed() && p.occupation().equals("Medic de familie"),
                Map.of(Column.FIELD_OF_STUDY, "Servicii")), "demands field_of_study 'Sănătate și asistență socială'");
    }

    @Test
    void familyDoctorBelowTheTrainingAge() {
        assertViolation(edited(p -> p.keys().employed() && p.occupation().equals("Medic de familie")
                && p.age() >= 27 && p.age() <= 34, Map.of(Column.AGE, 25)), "is held from 27");
    }

    @Test
    void soldierPastTheServiceLimit() {
        assertViolation(edited(p -> p.keys().employed() && p.keys().isco08().startsWith("0") && p.age() >= 45
                && p.age() <= 50, Map.of(Column.AGE, 54)), "not at 54");
    }

    @Test
    void workingPensionerInAJobPensionersDoNotHold() {
        // Agent comercial is open up to 65 but not among the jobs working pensioners commonly hold.
        assertViolation(edited(p -> !p.isFemale() && p.occupation().equals("Agent comercial") && p.age() >= 55
                && p.age() <= 62, Map.of(Column.AGE, 64)), "not a job of working pensioners");
    }

    @Test
    void gagauzFirstNameFromTheWrongPool() {
        assertViolation(edited(p -> p.ethnicity().equals("Găgăuz") && !p.isFemale(), Map.of(Column.FIRST_NAME, "Ștefan")),
                "is not in the Găgăuz Masculin pool");
    }

    @Test
    void fieldOfStudyWithoutVocationalOrHigherEducation() {
        assertViolation(edited(p -> p.keys().education().equals("lower_secondary"),
                Map.of(Column.FIELD_OF_STUDY, "Sănătate și asistență socială")), "does not fit education");
    }
}
