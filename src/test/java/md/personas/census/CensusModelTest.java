package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model fixes what the peer got wrong, and its adult targets are coherent. */
class CensusModelTest {

    static CensusModel model;
    static CensusTargets targets;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        targets = CensusTargets.compute(model);
    }

    static double share(String table, String... cell) {
        TargetTable t = targets.table(table);
        for (int c = 0; c < t.size(); c++) {
            if (t.cells().get(c).equals(List.of(cell))) {
                return t.shares()[c];
            }
        }
        throw new AssertionError("no cell " + List.of(cell) + " in " + table);
    }

    @Test
    void everyIpfConvergedToItsTolerance() {
        assertEquals(4, model.fits().size(), "three population joints and the ISCO group by sex x education");
        for (Ipf.Fit fit : model.fits()) {
            assertTrue(fit.maxAbsoluteDeviation() <= CensusModel.IPF_TOLERANCE, fit.describe());
        }
    }

    @Test
    void everyTargetTableSumsToOne() {
        for (TargetTable t : targets.tables().values()) {
            double sum = 0;
            for (double s : t.shares()) {
                assertTrue(s >= 0, t.name());
                sum += s;
            }
            assertEquals(1.0, sum, 1e-9, t.name());
        }
    }

    @Test
    void gagauzAreTheLargeMajorityOfGagauziaNotFourPercent() {
        double gagauzia = share("region", "UTA Găgăuzia");
        double gagauzInGagauzia = share(CensusTargets.REGION_X_ETHNICITY, "UTA Găgăuzia", "Găgăuz") / gagauzia;
        assertTrue(gagauzInGagauzia > 0.78 && gagauzInGagauzia < 0.86, "Gagauz share in Găgăuzia " + gagauzInGagauzia);
    }

    @Test
    void chisinauIsMostlyUrban() {
        double chisinau = share("region", "Municipiul Chișinău");
        double urban = share(CensusTargets.REGION_X_RESIDENCE, "Municipiul Chișinău", "Urban") / chisinau;
        assertTrue(urban > 0.88, "urban share of Chișinău " + urban);
    }

    @Test
    void adultTargetsReflectTheOlderMinorities() {
        // Ukrainians and Russians are older than Moldovans (communiqué), so their adult share exceeds their
        // all-ages census share; Moldovans' falls.
        assertTrue(share("ethnicity", "Ucrainean") > 0.0513, "Ukrainian adult share");
        assertTrue(share("ethnicity", "Rus") > 0.0339, "Russian adult share");
        assertTrue(share("ethnicity", "Moldovean") < 0.7685, "Moldovan adult share");
        // Still close to the all-ages census share: the communiqué's age bands move it by about 1.2 points.
        assertEquals(0.7685, share("ethnicity", "Moldovean"), 0.02);
    }

    @Test
    void educationDependsOnAge() {
        double youngTertiary = share(CensusTargets.AGE_GROUP_X_EDUCATION, "18-24", "Superior") / share("age_group", "18-24");
        double prime = share(CensusTargets.AGE_GROUP_X_EDUCATION, "25-34", "Superior") / share("age_group", "25-34");
        double old = share(CensusTargets.AGE_GROUP_X_EDUCATION, "65+", "Superior") / share("age_group", "65+");
        assertTrue(youngTertiary < 0.15 && prime > 0.25 && old < prime, youngTertiary + " " + prime + " " + old);
        int tertiary = model.education().indexOf("tertiary");
        for (int s = 0; s < 2; s++) {
            for (int a = 18; a <= 20; a++) {
                for (int res = 0; res < 2; res++) {
                    assertEquals(0.0, model.educationGivenSexAgeResidence()[s][a - 18][res][tertiary],
                            "no tertiary degree at " + a);
                }
            }
        }
    }

    @Test
    void labourStatusDependsOnAgeAndEducation() {
        double retiredYoung = share(CensusTargets.AGE_GROUP_X_EMPLOYMENT, "25-34", "Pensionar") / share("age_group", "25-34");
        double retiredOld = share(CensusTargets.AGE_GROUP_X_EMPLOYMENT, "65+", "Pensionar") / share("age_group", "65+");
        assertTrue(retiredYoung < 0.01 && retiredOld > 0.7, retiredYoung + " " + retiredOld);
        // Employment odds rise with education (the labour IPF seed), so employment among graduates is higher.
        int s = 0;
        int g = model.ageGroupFine().indexOf("40-44");
        int employed = model.labour().indexOf("employed");
        double[][] byEducation = model.labourGivenSexGroupEducation()[s][g];
        assertTrue(byEducation[model.education().indexOf("tertiary")][employed]
                > byEducation[model.education().indexOf("lower_secondary")][employed]);
    }

    @Test
    void nonReligiousPeopleExistAndUsualLanguageIsItsOwnField() {
        assertTrue(share("religion", "Fără religie") > 0.004);
        assertTrue(share("religion", "Ateu") > 0.003);
        Map<String, TargetTable> t = targets.tables();
        assertTrue(t.containsKey("usual_language") && t.containsKey("mother_tongue"));
        assertTrue(Math.abs(share("usual_language", "Rusă") - share("mother_tongue", "Rusă")) > 0.01,
                "usual language differs from mother tongue");
    }

    @Test
    void everyLocalityHasAWeightAndTheRestAreImputed() {
        assertEquals(1525, model.geography().localities().size());
        assertTrue(model.geography().knownWeightLocalities() > 300);
        assertEquals(1525, targets.table("locality").size() + duplicateNames(), "every locality reachable");
    }

    private static int duplicateNames() {
        var names = new java.util.HashSet<String>();
        int dup = 0;
        for (Locality l : model.geography().localities()) {
            if (!names.add(l.name())) {
                dup++;
            }
        }
        return dup;
    }

    @Test
    void provenanceIsKeptForEveryTableUsed() {
        for (CensusModel.TableProvenance p : model.provenance().values()) {
            assertTrue(!p.provenance().isBlank(), p.table());
        }
        assertEquals("census_2024_final", model.provenance().get("region").provenance());
        assertEquals("modelled_assumption", model.provenance().get("ethnicity_given_region_residence").provenance());
    }
}
