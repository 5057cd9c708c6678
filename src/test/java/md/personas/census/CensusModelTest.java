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

    /**
     * Every fit of the model is there. (That each converged needs no loop here: {@code Ipf.fit} throws instead of
     * returning an unconverged fit, which {@code IpfTest.inconsistentMarginsFailInsteadOfFallingBack} shows.)
     */
    @Test
    void theModelHoldsEveryFit() {
        assertEquals(6, model.fits().size(), "five population fits and the ISCO group by sex x education");
        assertEquals(6, model.fits().stream().map(Ipf.Fit::name).distinct().count(), "each fit once");
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

    /**
     * Shares are normalised when a table is built, so summing to one (above) cannot fail. What can: every table is a
     * margin of the one adult joint, so the one-way margin read from any table equals that
     * dimension's own table.
     */
    @Test
    void everyTableAgreesWithTheOneWayTablesOfItsDimensions() {
        int compared = 0;
        for (TargetTable t : targets.tables().values()) {
            for (int d = 0; d < t.dimensions().size() && t.dimensions().size() > 1; d++) {
                TargetTable oneWay = targets.tables().get(t.dimensions().get(d).name());
                if (oneWay == null || oneWay.dimensions().size() != 1) {
                    continue;
                }
                Map<String, Double> margin = new java.util.HashMap<>();
                for (int c = 0; c < t.size(); c++) {
                    margin.merge(t.cells().get(c).get(d), t.shares()[c], Double::sum);
                }
                for (int c = 0; c < oneWay.size(); c++) {
                    String label = oneWay.cells().get(c).get(0);
                    assertEquals(oneWay.shares()[c], margin.getOrDefault(label, 0.0), 1e-9,
                            t.name() + " vs " + oneWay.name() + " at " + label);
                }
                compared++;
            }
        }
        assertTrue(compared >= 10, "only " + compared + " margins compared");
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
                for (int k = 0; k < model.educationPlaceKinds(); k++) {
                    assertEquals(0.0, model.educationGivenSexAgePlace()[s][a - 18][k][tertiary],
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
        double[][] byEducation = model.labourGivenSexGroupRegionResidenceEducation()[s][g][0]
                [model.residence().indexOf("urban")];
        assertTrue(byEducation[model.education().indexOf("tertiary")][employed]
                > byEducation[model.education().indexOf("lower_secondary")][employed]);
    }

    /**
     * Employment by region follows the LFS 2024 shares of the employed (Chișinău 32.5%, Nord 28.8%, Centru 23.8%,
     * Sud and Găgăuzia 14.9%) taken as rates relative to the LFS population base (25.1%, 27.6%, 28.8%, 18.5%).
     */
    @Test
    void employmentRatesByRegionFollowTheLfsShares() {
        int nr = model.region().size();
        double[] adults = new double[nr];
        double[] employedAdults = new double[nr];
        int employed = model.labour().indexOf("employed");
        AdultJoint joint = model.adultJoint();
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            int k = model.educationPlaceKind(cell.residence(), cell.district(), cell.ethnicity());
            for (int a = model.ageGroupFineLow(cell.group()); a <= model.ageGroupFineHigh(cell.group()); a++) {
                double p = joint.share(c) * model.ageGivenGroup()[cell.group()][a - CensusModel.MIN_AGE];
                adults[cell.region()] += p;
                for (int ed = 0; ed < model.education().size(); ed++) {
                    employedAdults[cell.region()] += p
                            * model.educationGivenSexAgePlace()[cell.sex()][a - CensusModel.MIN_AGE][k][ed]
                            * model.labourGivenSexGroupRegionResidenceEducation()[cell.sex()][cell.group()]
                            [cell.region()][cell.residence()][ed][employed];
                }
            }
        }
        double chisinau = rate(employedAdults, adults, "chisinau");
        double centru = rate(employedAdults, adults, "centru");
        double nord = rate(employedAdults, adults, "nord");
        assertEquals((0.325 / 0.250933) / (0.238 / 0.28845153), chisinau / centru, 0.005);
        assertEquals((0.288 / 0.2760113) / (0.238 / 0.28845153), nord / centru, 0.005);
    }

    private static double rate(double[] employed, double[] adults, String region) {
        int r = model.region().indexOf(region);
        return employed[r] / adults[r];
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
    void everyLocalityHasAWeightFromTheCommuneTable() {
        assertEquals(1525, model.geography().localities().size());
        assertEquals(1525, model.geography().knownWeightLocalities());
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

    // ---- joints over place (issue 11) ----

    /** Adult share of a category within the model's adults matching a predicate over the joint's cells. */
    private static double jointShare(java.util.function.Predicate<AdultJoint.Cell> within,
                                     java.util.function.Predicate<AdultJoint.Cell> category) {
        AdultJoint joint = model.adultJoint();
        double all = 0;
        double hit = 0;
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            if (within.test(cell)) {
                all += joint.share(c);
                hit += category.test(cell) ? joint.share(c) : 0;
            }
        }
        return hit / all;
    }

    @Test
    void adultJointEncodesAndDecodesEveryCell() {
        AdultJoint joint = model.adultJoint();
        for (int c = 0; c < joint.size(); c += 97) {
            AdultJoint.Cell cell = joint.cell(c);
            assertEquals(c, joint.index(cell.district(), cell.residence(), cell.ethnicity(), cell.group(), cell.sex()));
            assertEquals(model.geography().regionOf(cell.district()), cell.region());
        }
    }

    @Test
    void ethnicityFollowsTheDistrictNotOnlyTheRegion() {
        int taraclia = model.district().indexOf("taraclia");
        int ocnita = model.district().indexOf("ocnita");
        int balti = model.district().indexOf("mun_balti");
        int bulgarian = model.ethnicity().indexOf("bulgarian");
        int ukrainian = model.ethnicity().indexOf("ukrainian");
        int russian = model.ethnicity().indexOf("russian");
        double taracliaBulgarians = jointShare(c -> c.district() == taraclia, c -> c.ethnicity() == bulgarian);
        assertTrue(taracliaBulgarians > 0.55, "Bulgarians predominate in Taraclia: " + taracliaBulgarians);
        assertTrue(jointShare(c -> c.district() == ocnita, c -> c.ethnicity() == ukrainian) > 0.15);
        assertTrue(jointShare(c -> c.district() == balti, c -> c.ethnicity() == russian) > 0.12);
        // The regional and national 2024 levels are kept: the regional joint is the one before the district seed.
        assertEquals(0.819, share(CensusTargets.REGION_X_ETHNICITY, "UTA Găgăuzia", "Găgăuz")
                / share("region", "UTA Găgăuzia"), 0.04);
    }

    @Test
    void theRomaOfOtaciBudaAndCioresteiAreAFifthOfTheirAdults() {
        Geography geo = model.geography();
        int roma = model.ethnicity().indexOf("roma");
        for (String uat : List.of("6203000", "2512000", "6018000")) {
            double all = 0;
            double romaAdults = 0;
            AdultJoint joint = model.adultJoint();
            for (int c = 0; c < joint.size(); c++) {
                AdultJoint.Cell cell = joint.cell(c);
                int[] pool = geo.pool(cell.district(), cell.residence());
                double[] w = model.localityGivenPlaceEthnicity(cell.district(), cell.residence(), cell.ethnicity());
                for (int i = 0; i < pool.length; i++) {
                    if (geo.uatOf(pool[i]).equals(uat)) {
                        all += joint.share(c) * w[i];
                        romaAdults += cell.ethnicity() == roma ? joint.share(c) * w[i] : 0;
                    }
                }
            }
            assertEquals(0.20, romaAdults / all, 0.005, "Roma share of the adults of " + uat);
        }
    }

    @Test
    void taracliaSpeaksBulgarianAndTheNationalUsualLanguageDoesNotMove() {
        int taraclia = model.district().indexOf("taraclia");
        int place = model.usualLanguagePlace(taraclia);
        assertEquals(List.of("taraclia"), model.usualLanguagePlaces());
        assertTrue(place != model.usualLanguagePlace(model.district().indexOf("cahul")));
        double[][] usual = model.usualLanguageGivenPlaceMotherTongue()[place];
        int bulgarian = model.language().indexOf("bulgarian");
        assertTrue(usual[bulgarian][bulgarian] > model.usualLanguageGivenMotherTongue()[bulgarian][bulgarian],
                "Bulgarian speakers keep Bulgarian more in Taraclia");
        double national = 0;
        for (int k = 0; k < model.language().size(); k++) {
            national += targets.table("mother_tongue").shares()[k] * model.usualLanguageGivenMotherTongue()[k][0];
        }
        assertEquals(national, targets.table("usual_language").shares()[0], 1e-9, "national usual language kept");
    }

    @Test
    void ruralAdultsAreOlderAndHaveMoreMenThanUrbanOnes() {
        int urban = model.residence().indexOf("urban");
        int rural = model.residence().indexOf("rural");
        int men = model.sex().indexOf("M");
        java.util.function.Predicate<AdultJoint.Cell> old = c -> model.ageGroupOfFine(c.group()) == 5;
        assertTrue(jointShare(c -> c.residence() == rural, old) > jointShare(c -> c.residence() == urban, old));
        assertTrue(jointShare(c -> c.residence() == rural, c -> c.sex() == men)
                > jointShare(c -> c.residence() == urban, c -> c.sex() == men) + 0.01);
    }

    @Test
    void localitiesAreWeightedFromTheCommuneTable() {
        // Chișinău city holds 567,038 of the municipality's urban units (2024); railway stations are hamlets.
        Geography geo = model.geography();
        int chisinau = model.district().indexOf("mun_chisinau");
        int urban = model.residence().indexOf("urban");
        int[] pool = geo.pool(chisinau, urban);
        double city = 0;
        double durlesti = 0;
        for (int i = 0; i < pool.length; i++) {
            if (geo.uatOf(pool[i]).equals("0101000")) {
                city += geo.poolWeights(chisinau, urban)[i];
            } else if (geo.uatOf(pool[i]).equals("0121000")) {
                durlesti += geo.poolWeights(chisinau, urban)[i];
            }
        }
        // The towns' component villages are rural, so the city holds at least 567,038 of the urban units' total.
        assertTrue(city >= 567_038.0 / (567_038 + 18_310 + 11_906 + 26_308 + 11_121 + 5_909 + 3_858) && city < 0.9,
                "Chișinău city in the municipality's urban localities: " + city);
        assertTrue(city / durlesti >= 567_038.0 / 26_308 - 1e-9, "2024 census weights, not 2014 enumerated");
        for (int l = 0; l < geo.localities().size(); l++) {
            Locality locality = geo.localities().get(l);
            if (locality.name().contains("loc.st.c.f.")) {
                int[] p = geo.pool(locality.district(), locality.residence());
                for (int i = 0; i < p.length; i++) {
                    if (p[i] == l) {
                        assertTrue(geo.poolWeights(locality.district(), locality.residence())[i] < 0.002,
                                locality.name());
                    }
                }
            }
        }
    }

    @Test
    void everyReferenceCrossTabHasRowsSummingToOneAndAStatus() {
        assertTrue(model.referenceCrossTabs().size() >= 10);
        for (ReferenceCrossTab t : model.referenceCrossTabs()) {
            assertTrue(List.of(ReferenceCrossTab.PUBLISHED, ReferenceCrossTab.SEEDED_AND_RAKED,
                    ReferenceCrossTab.MODELLED).contains(t.status()), t.name());
            assertTrue(!t.provenance().isBlank() && !t.sourceYear().isBlank(), t.name());
            for (Map<String, Double> row : t.target().values()) {
                assertEquals(1.0, row.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9, t.name());
            }
        }
        assertTrue(model.joints().stream().anyMatch(j -> j.status().equals("published")));
        assertTrue(model.joints().stream().anyMatch(j -> j.status().equals("seeded_and_raked")));
        assertTrue(model.joints().stream().anyMatch(j -> j.status().equals("modelled")));
    }

    @Test
    void theAuditNamesCommunesByName() {
        ReferenceCrossTab roma = model.referenceCrossTabs().stream().filter(t -> t.name().equals("commune x Roma"))
                .findFirst().orElseThrow();
        assertEquals(List.of("Otaci", "Buda", "Ciorești"), List.copyOf(roma.target().keySet()));
        ReferenceCrossTab sizes = model.referenceCrossTabs().stream()
                .filter(t -> t.name().startsWith("district x commune")).findFirst().orElseThrow();
        assertTrue(sizes.target().get("hincesti").containsKey("Cărpineni"), "a commune by its name");
        assertTrue(sizes.target().values().stream().flatMap(r -> r.keySet().stream())
                .noneMatch(k -> k.matches("\\d{7}")), "no bare CUATM code");
    }

    @Test
    void chisinauCityHoldsItsCensusShareOfTheMunicipality() {
        // Census 2024: the city 567,038 of the municipality's 720,100 (78.7%); the city is 88% of its urban units.
        int chisinau = model.district().indexOf("mun_chisinau");
        int urban = model.residence().indexOf("urban");
        double urbanShare = 0;
        double all = 0;
        for (int c = 0; c < model.adultJoint().size(); c++) {
            AdultJoint.Cell cell = model.adultJoint().cell(c);
            if (cell.district() == chisinau) {
                all += model.adultJoint().share(c);
                urbanShare += cell.residence() == urban ? model.adultJoint().share(c) : 0;
            }
        }
        assertEquals(644_450.0 / 720_100, urbanShare / all, 0.01, "urban share of the municipality's adults");
    }
}
