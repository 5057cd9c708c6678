package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job model: exact distributions that respect every entry rule and give each group and title its women. */
class OccupationModelTest {

    static CensusModel model;
    static OccupationModel jobs;
    static List<JobTitle> titles;
    static TargetTable occupation;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        jobs = model.occupationModel();
        titles = model.occupations().titles();
        occupation = CensusTargets.compute(model).table("occupation");
    }

    private static int title(String masculine) {
        for (int t = 0; t < titles.size(); t++) {
            if (titles.get(t).masculine().equals(masculine)) {
                return t;
            }
        }
        throw new AssertionError("no title " + masculine);
    }

    /** Target share of the whole adult population holding any of these labels. */
    private static double share(String... labels) {
        double s = 0;
        for (int c = 0; c < occupation.size(); c++) {
            if (List.of(labels).contains(occupation.cells().get(c).get(0))) {
                s += occupation.shares()[c];
            }
        }
        return s;
    }

    @Test
    void everyDrawableTitleIsOpenToItsHolder() {
        for (int s = 0; s < model.sex().size(); s++) {
            boolean woman = "F".equals(model.sex().id(s));
            for (int a = CensusModel.MIN_AGE; a <= CensusModel.MAX_AGE; a++) {
                for (int ed = 0; ed < model.education().size(); ed++) {
                    double[] p = jobs.titleDistribution(s, a, ed);
                    double sum = 0;
                    for (int t = 0; t < p.length; t++) {
                        sum += p[t];
                        if (p[t] > 0) {
                            assertTrue(jobs.allowed(t, woman, a, ed), titles.get(t).masculine() + " drawn for "
                                    + model.sex().id(s) + " " + a + " " + model.education().id(ed) + ": "
                                    + jobs.whyNot(t, woman, a, ed));
                        }
                    }
                    assertTrue(sum == 0 || Math.abs(sum - 1) < 1e-9, "row sums to " + sum);
                }
            }
        }
    }

    @Test
    void regulatedTitlesNeedTheirDegreeAgeAndField() {
        int tertiary = model.education().indexOf("tertiary");
        int vocational = model.education().indexOf("vocational_technical");
        int familyDoctor = title("Medic de familie");
        assertFalse(jobs.allowed(familyDoctor, true, 40, vocational), "no degree, no doctor");
        assertFalse(jobs.allowed(familyDoctor, true, 24, tertiary), "medicine takes 6 years and a residency");
        assertTrue(jobs.allowed(familyDoctor, true, 40, tertiary));
        assertFalse(jobs.allowed(title("Conferențiar universitar"), false, 25, tertiary));
        assertFalse(jobs.allowed(title("Soldat"), false, 51, tertiary), "contract service ends at 50");
        assertFalse(jobs.allowed(title("Șofer de autobuz"), false, 22, tertiary), "category D at 24");
        assertFalse(jobs.allowed(title("Polițist"), false, 64, tertiary), "not a job of working pensioners");
        CategorySet fields = model.fieldOfStudy().field();
        double[] field = jobs.fieldDistribution(model.sex().indexOf("F"), tertiary, familyDoctor);
        assertEquals(1.0, field[fields.indexOf("health")], 1e-12, "a physician studied medicine");
        double[] teacher = jobs.fieldDistribution(model.sex().indexOf("F"), vocational, title("Educator"));
        assertEquals(1.0, teacher[fields.indexOf("education")], 1e-12, "a pre-school teacher studied education");
    }

    @Test
    void groupsAndTitlesGetTheirWomen() {
        // Targets from isco_major_given_sex (modelled): building trades and armed forces mostly men, clerks women.
        assertTrue(jobs.femaleShareTarget(model.isco().indexOf("isco_7")) < 0.25);
        assertTrue(jobs.femaleShareTarget(model.isco().indexOf("isco_0")) < 0.2);
        assertTrue(jobs.femaleShareTarget(model.isco().indexOf("isco_4")) > 0.7);
        double drivers = share("Șofer", "Șoferiță");
        assertTrue(share("Șoferiță") / drivers < 0.1, "drivers are men: " + share("Șoferiță") / drivers);
        double nurses = share("Asistent medical", "Asistentă medicală");
        assertTrue(share("Asistentă medicală") / nurses > 0.9, "nurses are women");
        double primary = share("Învățător", "Învățătoare");
        assertTrue(share("Învățătoare") / primary > 0.95, "primary teachers are women");
    }

    @Test
    void farmJobsAreRareInTheCapitalAndTheNationalSharesStay() {
        int capital = -1;
        int village = -1;
        List<Locality> places = model.geography().localities();
        for (int l = 0; l < places.size(); l++) {
            if (jobs.inCapital(l)) {
                capital = l;
            } else if (places.get(l).residence() == model.residence().indexOf("rural") && village < 0) {
                village = l;
            }
        }
        assertEquals("Chișinău", places.get(capital).name());
        int farmer = title("Agricultor");
        int accountant = title("Contabil");
        assertEquals(0.1, jobs.capitalFactor(farmer), 1e-12);
        assertEquals(1.0, jobs.capitalFactor(accountant), 1e-12);
        assertEquals(0.1, jobs.capitalFactor(title("Primar")), 1e-12, "a rural post");
        int cells = 0;
        for (int s = 0; s < model.sex().size(); s++) {
            for (int a = CensusModel.MIN_AGE; a <= CensusModel.MAX_AGE; a++) {
                for (int ed = 0; ed < model.education().size(); ed++) {
                    double c = jobs.capitalShare(s, a, ed);
                    if (c <= 0 || c >= 1) {
                        continue;
                    }
                    cells++;
                    double[] national = jobs.titleDistribution(s, a, ed);
                    double[] inCapital = jobs.titleDistribution(s, a, ed, capital);
                    double[] elsewhere = jobs.titleDistribution(s, a, ed, village);
                    for (int t = 0; t < national.length; t++) {
                        assertEquals(national[t], c * inCapital[t] + (1 - c) * elsewhere[t], 1e-12,
                                "the mixture is the national table");
                        assertTrue(inCapital[t] <= national[t] + 1e-12 || jobs.capitalFactor(t) == 1,
                                "a named title is never more common in the capital");
                    }
                }
            }
        }
        assertTrue(cells > 300, "cells with employed in the capital: " + cells);
        int woman = model.sex().indexOf("F");
        int vocational = model.education().indexOf("vocational_technical");
        double[] national = jobs.titleDistribution(woman, 45, vocational);
        double[] inCapital = jobs.titleDistribution(woman, 45, vocational, capital);
        assertTrue(national[farmer] > 0.005, "farmers among vocational women of 45: " + national[farmer]);
        assertTrue(inCapital[farmer] < 0.15 * national[farmer], "a tenth as common in the capital");
    }

    @Test
    void countedTitlesKeepTheirHeadCount() {
        // 16.5k nurses and about 10.4k physicians of 853.9k employed (ANSP counts), as shares of the employed.
        double employed = share(titles.stream().flatMap(t -> java.util.stream.Stream.of(t.masculine(), t.feminine()))
                .distinct().toArray(String[]::new));
        double nurses = share("Asistent medical", "Asistentă medicală") / employed;
        assertEquals(16.5 / 853.9, nurses, 0.2 * 16.5 / 853.9, "nurses");
        String[] physicians = titles.stream().filter(t -> t.isco08().startsWith("221"))
                .map(JobTitle::masculine).distinct().toArray(String[]::new);
        assertEquals(10.4 / 853.9, share(physicians) / employed, 0.2 * 10.4 / 853.9, "physicians");
        // ANSP's 12,424 physicians include the dentists (the five titles first listed, with Medic stomatolog, were
        // 7.6k of them); 45.8k teachers of every level in 2023/24 (ISCO 23xx).
        String[] withDentists = titles.stream().filter(t -> t.isco08().startsWith("221") || t.isco08().equals("2261"))
                .flatMap(t -> java.util.stream.Stream.of(t.masculine(), t.feminine())).distinct()
                .toArray(String[]::new);
        assertEquals(12.424, 853.9 * share(withDentists) / employed, 0.02 * 12.424, "physicians and dentists, k");
        String[] teachers = titles.stream().filter(t -> t.isco08().startsWith("23"))
                .flatMap(t -> java.util.stream.Stream.of(t.masculine(), t.feminine())).distinct()
                .toArray(String[]::new);
        assertEquals(45.8, 853.9 * share(teachers) / employed, 0.03 * 45.8, "teachers, k");
    }
}
