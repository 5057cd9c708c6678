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
    void masculineSurnameForARussianWoman() {
        assertViolation(edited(p -> p.isFemale() && p.lastName().equals("Ivanova") && p.ethnicity().equals("Rus"),
                Map.of(Column.LAST_NAME, "Ivanov", Column.NAME, "X Ivanov")), "pool in the form for Feminin");
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
