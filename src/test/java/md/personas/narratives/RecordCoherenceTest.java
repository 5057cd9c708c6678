package md.personas.narratives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import md.personas.narratives.offline.OfflineNarrativeWriter;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.Persona;
import org.junit.jupiter.api.Test;

/** The record-coherence check finds each kind of contradiction, and passes the offline writer's records. */
class RecordCoherenceTest {

    private static final RecordCoherence CHECK = new RecordCoherence();
    private static final String UUID_1 = UUID.nameUUIDFromBytes(new byte[] {3}).toString();

    /** A narrative whose every text is {@code text} (the check reads the fields; the contract is not at stake). */
    private static Narrative all(String text) {
        return new Narrative(text, text, text, text, text, text, text, text, List.of("A", "B", "C", "D"), text,
                List.of("A", "B", "C", "D"), text, text, NarrativeStatus.LLM, "m", "ro-2");
    }

    private static List<String> rules(Persona p, String text) {
        return CHECK.check(p, all(text)).stream().map(ContractViolation::rule).distinct().toList();
    }

    @Test
    void workTalkWithoutAJobAndNoJobForTheEmployedAreContradictions() {
        Persona homemaker = TestPersonas.of(UUID_1, true, 46, "married", "tertiary", "homemaker", "", "", "orthodox");
        assertEquals(List.of("no_job"), rules(homemaker, "Ana vorbește româna acasă și la serviciu."));
        assertEquals(List.of("no_job"), rules(homemaker, "Când are o zi liberă, Ana merge la piață."));
        assertEquals(List.of(), rules(homemaker, "Ana are grijă de casă și de grădină."));
        Persona teacher = TestPersonas.of(UUID_1, true, 46, "married", "tertiary", "employed", "Profesoară", "2330",
                "orthodox");
        assertEquals(List.of("job"), rules(teacher, "Ana își caută de lucru de câteva luni."));
        assertEquals(List.of(), rules(teacher, "Ana lucrează ca profesoară, iar după program citește."));
    }

    @Test
    void aRetireeOfSeventyIsNotRecentlyRetiredAndAStudentStudiesInOneSchool() {
        Persona old = TestPersonas.of(UUID_1, false, 75, "married", "upper_secondary", "retired", "", "", "orthodox");
        assertEquals(List.of("retirement"), rules(old, "Pensionar de câțiva ani, Ion a lucrat la colhoz."));
        assertEquals(List.of("no_job"), rules(old, "Ion lucrează ca paznic la școală."));
        Persona pupil = TestPersonas.of(UUID_1, true, 18, "never_married", "lower_secondary", "student", "", "",
                "orthodox");
        assertTrue(rules(pupil, "Ana învață acum la o școală profesională, unde se pregătește pentru bacalaureat.")
                .contains("school"));
        assertEquals(List.of("school"), rules(pupil, "Ana învață acum la liceu. Ana este elevă la colegiu."));
        assertEquals(List.of(), rules(pupil, "Ana învață acum la liceu, unde se pregătește pentru bacalaureat."));
        Persona worker = TestPersonas.of(UUID_1, true, 30, "married", "tertiary", "employed", "Contabilă", "2411",
                "orthodox");
        assertEquals(List.of("school"), rules(worker, "Ana este studentă la universitate."));
    }

    @Test
    void aStudentWhoWentOnToUniversityIsNotAlsoAtACollege() {
        Persona student = TestPersonas.of(UUID_1, true, 19, "never_married", "vocational_technical", "student", "",
                "", "orthodox");
        Narrative twoSchools = new Narrative("Irina învață la un colegiu din Chișinău.", "Irina citește.",
                "Irina merge pe jos.", "Irina cântă.", "Irina călătorește.", "Irina gătește.",
                "După o școală profesională, unde a studiat alimentația publică, Irina și-a continuat studiile la "
                        + "universitate.", "x", List.of(), "x", List.of(), "x", "x", NarrativeStatus.LLM, "m", "ro-2");
        assertEquals(List.of("school"), CHECK.check(student, twoSchools).stream().map(ContractViolation::rule)
                .distinct().toList());
        assertEquals(List.of("school"), rules(student, "Irina a intrat la un colegiu. Irina învață la Academia de "
                + "Studii Economice."));
        assertEquals(List.of(), rules(student, "După o școală profesională, Irina și-a continuat studiile la "
                + "universitate. Irina este studentă la Universitatea Tehnică a Moldovei."));
    }

    @Test
    void theOfflineWriterSendsEveryStudentToTheSchoolOfTheirLifeFacts() {
        OfflineNarrativeWriter writer = new OfflineNarrativeWriter(TestPersonas.model());
        List<Persona> students = TestPersonas.sampled(600, p -> "student".equals(p.keys().labourStatus())
                && !"lower_secondary".equals(p.keys().education()));
        assertTrue(students.size() >= 300, "sampled students: " + students.size());
        for (Persona p : students) {
            assertEquals(List.of(), CHECK.check(p, writer.compose(p)), p.toString());
        }
    }

    @Test
    void aGraduateDoesNotPlanTheDegreeTheyHave() {
        Persona graduate = TestPersonas.of(UUID_1, false, 29, "married", "tertiary", "employed",
                "Maistru în construcții", "3123", "orthodox");
        assertEquals(List.of("education"), rules(graduate, "Andrei lucrează ca maistru. Andrei vrea să devină inginer "
                + "cu studii superioare, urmând cursuri la distanță."));
        Persona technician = TestPersonas.of(UUID_1, false, 29, "married", "vocational_technical", "employed",
                "Maistru în construcții", "3123", "orthodox");
        assertEquals(List.of(), rules(technician, "Andrei lucrează ca maistru. Andrei vrea să devină inginer cu "
                + "studii superioare, urmând cursuri la distanță."));
    }

    @Test
    void childrenMarriageAndAgeMustMakeOneLife() {
        Persona young = TestPersonas.of(UUID_1, true, 29, "married", "tertiary", "employed", "Contabilă", "2411",
                "orthodox");
        assertEquals(List.of("children"), CHECK.check(young, new Narrative("Ana se gândește la primul copil.",
                "Ana lucrează ca contabilă.", "Ana merge pe jos.", "Ana citește.", "Ana călătorește.",
                "Ana gătește pentru copiii ei.", "x", "x", List.of(), "x", List.of(), "x", "x",
                NarrativeStatus.LLM, "m", "ro-2")).stream().map(ContractViolation::rule).distinct().toList());
        assertEquals(List.of("age"), rules(young, "Ana se bucură de nepoții ei în fiecare duminică."));
        assertEquals(List.of(), rules(young, "Ana se joacă cu nepoții de frate."));
        Persona older = TestPersonas.of(UUID_1, false, 58, "never_married", "tertiary", "employed", "Inginer",
                "2142", "orthodox");
        assertTrue(rules(older, "Ion locuiește încă cu părinții.").contains("age"));
        assertEquals(List.of("marital"), rules(older, "Ion merge la mare împreună cu soția."));
        Persona married = TestPersonas.of(UUID_1, false, 58, "married", "tertiary", "employed", "Inginer", "2142",
                "orthodox");
        assertEquals(List.of("marital"), rules(married, "Ion a rămas văduv acum doi ani."));
    }

    @Test
    void aFaithOrAMotherTongueTheRecordDeniesAndACensusLabelAreContradictions() {
        Persona orthodox = TestPersonas.of(UUID_1, false, 50, "married", "tertiary", "homemaker", "", "", "orthodox");
        assertEquals(List.of("faith"), rules(orthodox, "Ion este baptist și merge la adunare duminica."));
        assertEquals(List.of(), rules(orthodox, "Ion este ortodox și merge la biserică de hram."));
        Persona atheist = TestPersonas.of(UUID_1, false, 50, "married", "tertiary", "homemaker", "", "", "atheist");
        assertEquals(List.of("faith"), rules(atheist, "Ion merge la biserică în fiecare duminică."));
        assertEquals(List.of("language"), rules(orthodox, "Limba maternă a lui Ion este rusa."));
        assertEquals(List.of("place"), rules(orthodox, "Ion trăiește în Vulcănești, loc.st.c.f. și are o vie."));
    }

    @Test
    void theJobIsToldOnceAndBossesBelongOnlyToEmployees() {
        Persona teacher = TestPersonas.of(UUID_1, true, 46, "married", "tertiary", "employed", "Profesoară", "2330",
                "orthodox");
        assertEquals(List.of("repetition"), rules(teacher, "Ana lucrează ca profesoară la școală și lucrează cu copiii."));
        assertEquals(List.of(), rules(teacher, "Ana lucrează ca profesoară la școală și predă istoria, iar șefii știu "
                + "că nu amână nimic."));
        Persona farmer = TestPersonas.of(UUID_1, false, 46, "married", "upper_secondary", "employed", "Agricultor",
                "6111", "orthodox");
        assertEquals(List.of("bosses"), rules(farmer, "Ion ară pământul familiei, iar șefii știu că nu amână nimic."));
        assertEquals(List.of(), rules(farmer, "Ion ară pământul familiei, iar vecinii știu că nu amână nimic."));
        Persona homemaker = TestPersonas.of(UUID_1, true, 46, "married", "tertiary", "homemaker", "", "", "orthodox");
        assertEquals(List.of("bosses"), rules(homemaker, "Ana ține casa, iar șeful ei o sună des."));
    }

    @Test
    void grandparentsAndParentsAreVisitedOnlyAtAnAgeTheyLive() {
        Persona older = TestPersonas.of(UUID_1, true, 62, "married", "tertiary", "homemaker", "", "", "orthodox");
        assertEquals(List.of("age"), rules(older, "Vara, Ana merge la bunici în sat la cules."));
        assertEquals(List.of(), rules(older, "Ana aprinde candela de sărbători, ca la bunici."));
        Persona young = TestPersonas.of(UUID_1, true, 22, "never_married", "tertiary", "homemaker", "", "",
                "orthodox");
        assertEquals(List.of(), rules(young, "Vara, Ana merge la bunici în sat la cules."));
        Persona old = TestPersonas.of(UUID_1, true, 75, "widowed", "primary", "retired", "", "", "orthodox");
        assertEquals(List.of("age"), rules(old, "Vara, Ana dă o mână de ajutor la părinți la coasă."));
        assertEquals(List.of(), rules(older, "Vara, Ana dă o mână de ajutor la părinți la coasă."));
    }

    @Test
    void theWordsForThePlaceAgreeWithItsKind() {
        Persona villager = TestPersonas.of(UUID_1, true, 46, "married", "tertiary", "homemaker", "", "", "orthodox");
        assertEquals(List.of("place_type"), rules(villager, "Ana trăiește în orașul Cosăuți, lângă Nistru."));
        assertEquals(List.of("place_type"), rules(villager, "Ana face cumpărături la magazinele din cartier."));
        assertEquals(List.of(), rules(villager, "Ana trăiește în satul Cosăuți, iar rudele ei sunt în satele din jur."));
        Persona townswoman = TestPersonas.of(UUID_1, true, 46, "married", "tertiary", "homemaker", "", "", "orthodox",
                true);
        assertEquals(List.of("place_type"), rules(townswoman, "Ana trăiește în satul Soroca."));
        assertEquals(List.of("place_type"), rules(townswoman, "Familia Anei are rădăcini adânci în satele din jur."));
        assertEquals(List.of(), rules(townswoman, "Ana trăiește în orașul Soroca și are rude la țară, în satele din "
                + "jur, iar din cartier merge pe jos la piață."));
    }

    @Test
    void aParentsOwnChildrenAreNotMindedWhileTheParentsWork() {
        Persona father = TestPersonas.of(UUID_1, false, 34, "married", "tertiary", "employed", "Contabil", "2411",
                "orthodox");
        assertEquals(List.of("children"), rules(father, "Ion este căsătorit și își crește copiii cu ajutorul "
                + "bunicilor, cât timp părinții sunt la muncă."));
        assertEquals(List.of(), rules(father, "Ion este căsătorit și își crește copiii cu ajutorul bunicilor, cât "
                + "timp el și soția sunt la muncă."));
        assertEquals(List.of(), rules(father, "Ion își crește copiii. Bunicii spun că părinții de azi muncesc mult."));
    }

    @Test
    void aUniversityYearFitsTheAgeAndTheSchoolBeforeIt() {
        String second = "Ana este studentă în anul al doilea la universitate.";
        Persona afterCollege = TestPersonas.of(UUID_1, true, 19, "never_married", "vocational_technical", "student",
                "", "", "orthodox");
        assertEquals(List.of("school"), rules(afterCollege, second));
        assertEquals(List.of(), rules(afterCollege, "Ana este studentă în anul întâi la universitate."));
        assertEquals(List.of(), rules(TestPersonas.of(UUID_1, true, 20, "never_married", "vocational_technical",
                "student", "", "", "orthodox"), second));
        assertEquals(List.of(), rules(TestPersonas.of(UUID_1, true, 19, "never_married", "upper_secondary",
                "student", "", "", "orthodox"), second));
        assertEquals(List.of("school"), rules(TestPersonas.of(UUID_1, true, 19, "never_married", "upper_secondary",
                "student", "", "", "orthodox"), "Ana este studentă în anul al treilea la universitate."));
    }

    @Test
    void aHospitalWardIsNotAtAHealthCentre() {
        Persona nurse = TestPersonas.of(UUID_1, true, 40, "married", "vocational_technical", "employed",
                "Asistentă medicală", "3221", "orthodox");
        Narrative n = all("Ana lucrează ca asistentă medicală la centrul de sănătate din Cosăuți.");
        Narrative ward = new Narrative(n.persona(), "Ana măsoară tensiunea și are grijă de bolnavii din salon.",
                n.sportsPersona(), n.artsPersona(), n.travelPersona(), n.culinaryPersona(), n.culturalBackground(),
                n.skillsAndExpertise(), n.skillsAndExpertiseList(), n.hobbiesAndInterests(),
                n.hobbiesAndInterestsList(), n.careerGoalsAndAmbitions(), n.personaSummary(), n.status(), n.model(),
                n.promptVersion());
        assertEquals(List.of("workplace"), CHECK.check(nurse, ward).stream().map(ContractViolation::rule)
                .filter("workplace"::equals).toList());
        assertEquals(List.of(), rules(nurse, "Ana lucrează ca asistentă medicală la spitalul raional și are grijă "
                + "de bolnavii din salon."));
    }

    @Test
    void theOfflineWritersRecordsAreCoherent() {
        OfflineNarrativeWriter writer = new OfflineNarrativeWriter(TestPersonas.model());
        for (Persona p : TestPersonas.sampled(3_000, x -> true)) {
            assertEquals(List.of(), CHECK.check(p, writer.compose(p)), p.toString());
        }
    }
}
