package md.personas.census;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import md.personas.record.Column;

/**
 * The exact adult share of every cell of every monitored marginal and joint, computed from the census model by
 * enumeration (no sampling): what a perfect sampler would produce. These are the targets of the rebalancer's
 * quotas, the monitor's tests, {@code validate} and the stats file.
 */
public final class CensusTargets {

    public static final String REGION_X_ETHNICITY = "region x ethnicity";
    public static final String AGE_GROUP_X_EDUCATION = "age_group x education_level";
    public static final String AGE_GROUP_X_EMPLOYMENT = "age_group x employment_status";
    public static final String SEX_X_AGE_GROUP = "sex x age_group";
    public static final String REGION_X_RESIDENCE = "region x residence_type";
    public static final String SEX_X_OCCUPATION_GROUP = "sex x occupation_group";

    private final Map<String, TargetTable> tables;
    private final List<ReferenceCrossTab> crossTabs;

    private CensusTargets(Map<String, TargetTable> tables, List<ReferenceCrossTab> crossTabs) {
        this.tables = tables;
        this.crossTabs = crossTabs;
    }

    /** The reference cross-tabulations of the joint audit (not exact targets: see {@link ReferenceCrossTab}). */
    public List<ReferenceCrossTab> crossTabs() {
        return crossTabs;
    }

    /** Every target table by name: one per structured field, then the monitored joints. */
    public Map<String, TargetTable> tables() {
        return tables;
    }

    public TargetTable table(String name) {
        TargetTable t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no target table '" + name + "' (known: " + tables.keySet() + ")");
        }
        return t;
    }

    /** Accumulates shares by cell labels, keeping first-seen order. */
    private static final class Shares {
        final Map<List<String>, double[]> cells = new LinkedHashMap<>();

        void add(double p, String... labels) {
            cells.computeIfAbsent(List.of(labels), k -> new double[1])[0] += p;
        }

        TargetTable table(String name, List<Dimension> dims, String basis) {
            List<List<String>> keys = new ArrayList<>();
            double[] shares = new double[cells.size()];
            double total = 0;
            int i = 0;
            for (Map.Entry<List<String>, double[]> e : cells.entrySet()) {
                keys.add(e.getKey());
                shares[i++] = e.getValue()[0];
                total += e.getValue()[0];
            }
            for (int k = 0; k < shares.length; k++) {
                shares[k] /= total;
            }
            return new TargetTable(name, dims, keys, shares, basis);
        }
    }

    public static CensusTargets compute(CensusModel m) {
        int nr = m.region().size();
        int nres = m.residence().size();
        int ne = m.ethnicity().size();
        int ng = m.ageGroupFine().size();
        int ns = m.sex().size();
        int ned = m.education().size();
        int nl = m.labour().size();
        int nAgeGroups = CensusModel.AGE_GROUPS.size();
        AdultJoint joint = m.adultJoint();

        Shares region = new Shares();
        Shares residence = new Shares();
        Shares ethnicity = new Shares();
        Shares regionEthnicity = new Shares();
        Shares regionResidence = new Shares();
        double[][] regionRes = new double[nr][nres];
        double[] ethnicityShare = new double[ne];
        double[][] ethnicitySex = new double[ne][ns];
        double[][][] ethnicitySexGroup = new double[ne][ns][ng];
        double[][] sexGroup = new double[ns][ng];
        // Fix the display order of categorical tables to the model's category order.
        for (int r = 0; r < nr; r++) {
            region.add(0, m.region().label(r));
            for (int e = 0; e < ne; e++) {
                regionEthnicity.add(0, m.region().label(r), m.ethnicity().label(e));
            }
            for (int res = 0; res < nres; res++) {
                regionResidence.add(0, m.region().label(r), m.residence().label(res));
            }
        }
        Geography geo = m.geography();
        int nd = geo.district().size();
        double[][][] placeEthnicity = new double[nd][nres][ne];
        double[][] placeMother = new double[m.usualLanguagePlaces().size() + 1][m.language().size()];
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            int g = cell.group();
            int e = cell.ethnicity();
            int res = cell.residence();
            int r = cell.region();
            int s = cell.sex();
            double p = joint.share(c);
            region.add(p, m.region().label(r));
            residence.add(p, m.residence().label(res));
            ethnicity.add(p, m.ethnicity().label(e));
            regionEthnicity.add(p, m.region().label(r), m.ethnicity().label(e));
            regionResidence.add(p, m.region().label(r), m.residence().label(res));
            regionRes[r][res] += p;
            ethnicityShare[e] += p;
            ethnicitySex[e][s] += p;
            ethnicitySexGroup[e][s][g] += p;
            sexGroup[s][g] += p;
            placeEthnicity[cell.district()][res][e] += p;
            for (int k = 0; k < m.language().size(); k++) {
                placeMother[m.usualLanguagePlace(cell.district())][k] += p * m.motherTongueGivenEthnicity()[e][k];
            }
        }

        Shares sex = new Shares();
        Shares ageGroup = new Shares();
        Shares sexAgeGroup = new Shares();
        Shares age = new Shares();
        Shares marital = new Shares();
        for (int s = 0; s < ns; s++) {
            for (int g6 = 0; g6 < nAgeGroups; g6++) {
                sexAgeGroup.add(0, m.sex().label(s), CensusModel.AGE_GROUPS.get(g6));
            }
        }
        for (int g6 = 0; g6 < nAgeGroups; g6++) {
            ageGroup.add(0, CensusModel.AGE_GROUPS.get(g6));
        }
        for (int a = CensusModel.MIN_AGE; a <= CensusModel.MAX_AGE; a++) {
            age.add(0, Integer.toString(a));
        }
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                double p = sexGroup[s][g];
                String g6 = CensusModel.AGE_GROUPS.get(m.ageGroupOfFine(g));
                sex.add(p, m.sex().label(s));
                ageGroup.add(p, g6);
                sexAgeGroup.add(p, m.sex().label(s), g6);
                for (int a = m.ageGroupFineLow(g); a <= m.ageGroupFineHigh(g); a++) {
                    age.add(p * m.ageGivenGroup()[g][a - CensusModel.MIN_AGE], Integer.toString(a));
                }
                for (int k = 0; k < m.marital().size(); k++) {
                    marital.add(p * m.maritalGivenSexGroup()[s][g][k], m.marital().label(k));
                }
            }
        }

        Shares district = new Shares();
        Shares locality = new Shares();
        for (int d = 0; d < nd; d++) {
            for (int res = 0; res < nres; res++) {
                int[] pool = geo.pool(d, res);
                for (int e = 0; e < ne; e++) {
                    double p = placeEthnicity[d][res][e];
                    if (p == 0) {
                        continue;
                    }
                    district.add(p, geo.district().label(d));
                    double[] w = m.localityGivenPlaceEthnicity(d, res, e);
                    for (int i = 0; i < pool.length; i++) {
                        locality.add(p * w[i], geo.localities().get(pool[i]).name());
                    }
                }
            }
        }

        Shares motherTongue = new Shares();
        Shares usualLanguage = new Shares();
        Shares religion = new Shares();
        double[] motherShare = new double[m.language().size()];
        for (int e = 0; e < ne; e++) {
            for (int k = 0; k < m.language().size(); k++) {
                motherShare[k] += ethnicityShare[e] * m.motherTongueGivenEthnicity()[e][k];
            }
            for (int k = 0; k < m.religion().size(); k++) {
                religion.add(ethnicityShare[e] * m.religionGivenEthnicity()[e][k], m.religion().label(k));
            }
        }
        for (int k = 0; k < m.language().size(); k++) {
            motherTongue.add(motherShare[k], m.language().label(k));
            usualLanguage.add(0, m.language().label(k));
        }
        for (int place = 0; place < placeMother.length; place++) {
            for (int k = 0; k < m.language().size(); k++) {
                for (int u = 0; u < m.language().size(); u++) {
                    usualLanguage.add(placeMother[place][k] * m.usualLanguageGivenPlaceMotherTongue()[place][k][u],
                            m.language().label(u));
                }
            }
        }

        Shares firstName = new Shares();
        Shares lastName = new Shares();
        NameModel names = m.names();
        for (int e = 0; e < ne; e++) {
            for (int s = 0; s < ns; s++) {
                boolean female = "F".equals(m.sex().id(s));
                double[] byDecade = new double[names.decades().size()];
                for (int g = 0; g < ng; g++) {
                    for (int a = m.ageGroupFineLow(g); a <= m.ageGroupFineHigh(g); a++) {
                        byDecade[names.decade(a)] += ethnicitySexGroup[e][s][g]
                                * m.ageGivenGroup()[g][a - CensusModel.MIN_AGE];
                    }
                }
                for (int d = 0; d < byDecade.length; d++) {
                    NameModel.Pool first = names.firstNames(e, s, d);
                    for (int i = 0; i < first.names().length; i++) {
                        firstName.add(byDecade[d] * first.weights()[i], first.names()[i]);
                    }
                }
                NameModel.Pool last = names.surnames(e);
                for (int i = 0; i < last.names().length; i++) {
                    double p = ethnicitySex[e][s] * last.weights()[i];
                    double feminine = female ? names.feminineProbability(e, i) : 0;
                    lastName.add(p * (1 - feminine), last.names()[i]);
                    if (feminine > 0) {
                        lastName.add(p * feminine, names.feminineForm(e, i));
                    }
                }
            }
        }

        // Person-level cells: sex x fine group x residence x single age x education x labour status.
        Shares education = new Shares();
        Shares employment = new Shares();
        Shares ageEducation = new Shares();
        Shares ageEmployment = new Shares();
        for (int g6 = 0; g6 < nAgeGroups; g6++) {
            for (int ed = 0; ed < ned; ed++) {
                ageEducation.add(0, CensusModel.AGE_GROUPS.get(g6), m.education().label(ed));
            }
            for (int l = 0; l < nl; l++) {
                ageEmployment.add(0, CensusModel.AGE_GROUPS.get(g6), m.labour().label(l));
            }
        }
        for (int ed = 0; ed < ned; ed++) {
            education.add(0, m.education().label(ed));
        }
        for (int l = 0; l < nl; l++) {
            employment.add(0, m.labour().label(l));
        }
        double[][][] sexAgeGroupEducation = new double[ns][nAgeGroups][ned];
        double[][][] sexEducationLabour = new double[ns][ned][nl];
        int nk = m.educationPlaceKinds();
        double[][][][] sexGroupPlace = new double[ns][ng][nr][nk];
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            sexGroupPlace[cell.sex()][cell.group()][cell.region()][m.educationPlaceKind(cell.residence(),
                    cell.district(), cell.ethnicity())] += joint.share(c);
        }
        double[][][] employedBySexAgeEducation = new double[ns][CensusModel.MAX_AGE - CensusModel.MIN_AGE + 1][ned];
        // Summed in arrays, not by label in the loop (hundreds of thousands of terms); each sum takes its terms in
        // the same order as before and is added to its pre-seeded cell once, so the shares are bit for bit the same.
        double[] educationSum = new double[ned];
        double[][] ageEducationSum = new double[nAgeGroups][ned];
        double[] employmentSum = new double[nl];
        double[][] ageEmploymentSum = new double[nAgeGroups][nl];
        int employed = m.labour().indexOf("employed");
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                int g6 = m.ageGroupOfFine(g);
                for (int r = 0; r < nr; r++) {
                    for (int k = 0; k < nk; k++) {
                        int res = m.residenceOfEducationPlaceKind(k);
                        for (int a = m.ageGroupFineLow(g); a <= m.ageGroupFineHigh(g); a++) {
                            double pa = sexGroupPlace[s][g][r][k] * m.ageGivenGroup()[g][a - CensusModel.MIN_AGE];
                            for (int ed = 0; ed < ned; ed++) {
                                double pe = pa * m.educationGivenSexAgePlace()[s][a - CensusModel.MIN_AGE][k][ed];
                                if (pe == 0) {
                                    continue;
                                }
                                educationSum[ed] += pe;
                                ageEducationSum[g6][ed] += pe;
                                sexAgeGroupEducation[s][g6][ed] += pe;
                                for (int l = 0; l < nl; l++) {
                                    double pl = pe
                                            * m.labourGivenSexGroupRegionResidenceEducation()[s][g][r][res][ed][l];
                                    employmentSum[l] += pl;
                                    ageEmploymentSum[g6][l] += pl;
                                    sexEducationLabour[s][ed][l] += pl;
                                    if (l == employed) {
                                        employedBySexAgeEducation[s][a - CensusModel.MIN_AGE][ed] += pl;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int g6 = 0; g6 < nAgeGroups; g6++) {
            for (int ed = 0; ed < ned; ed++) {
                ageEducation.add(ageEducationSum[g6][ed], CensusModel.AGE_GROUPS.get(g6), m.education().label(ed));
            }
            for (int l = 0; l < nl; l++) {
                ageEmployment.add(ageEmploymentSum[g6][l], CensusModel.AGE_GROUPS.get(g6), m.labour().label(l));
            }
        }
        for (int ed = 0; ed < ned; ed++) {
            education.add(educationSum[ed], m.education().label(ed));
        }
        for (int l = 0; l < nl; l++) {
            employment.add(employmentSum[l], m.labour().label(l));
        }

        Shares occupation = new Shares();
        Shares occupationGroup = new Shares();
        Shares field = new Shares();
        CategorySet fields = m.fieldOfStudy().field();
        for (int f = 0; f < fields.size(); f++) {
            field.add(0, fields.label(f));
        }
        Shares sexOccupationGroup = new Shares();
        for (int k = 0; k < m.isco().size(); k++) {
            occupationGroup.add(0, m.isco().label(k));
            for (int s = 0; s < ns; s++) {
                sexOccupationGroup.add(0, m.sex().label(s), m.isco().label(k));
            }
        }
        Occupations occupations = m.occupations();
        OccupationModel jobs = m.occupationModel();
        for (int s = 0; s < ns; s++) {
            boolean female = "F".equals(m.sex().id(s));
            for (int ed = 0; ed < ned; ed++) {
                for (int l = 0; l < nl; l++) {
                    double p = sexEducationLabour[s][ed][l];
                    if (p == 0 || l == employed) {
                        continue;
                    }
                    occupation.add(p, female ? m.labour().feminineLabel(l) : m.labour().label(l));
                    occupationGroup.add(p, CensusModel.NOT_WORKING_GROUP);
                    sexOccupationGroup.add(p, m.sex().label(s), CensusModel.NOT_WORKING_GROUP);
                    addAll(field, fields, p, m.fieldOfStudy().distribution(s, ed, null));
                }
                // Sum over ages first: most ages share a title table.
                double[] byTitle = new double[occupations.titles().size()];
                for (int a = CensusModel.MIN_AGE; a <= CensusModel.MAX_AGE; a++) {
                    double p = employedBySexAgeEducation[s][a - CensusModel.MIN_AGE][ed];
                    if (p == 0) {
                        continue;
                    }
                    double[] titles = jobs.titleDistribution(s, a, ed);
                    for (int t = 0; t < titles.length; t++) {
                        byTitle[t] += p * titles[t];
                    }
                }
                for (int t = 0; t < byTitle.length; t++) {
                    if (byTitle[t] == 0) {
                        continue;
                    }
                    JobTitle title = occupations.titles().get(t);
                    occupation.add(byTitle[t], title.forSex(female));
                    occupationGroup.add(byTitle[t], m.isco().label(title.iscoMajor()));
                    sexOccupationGroup.add(byTitle[t], m.sex().label(s), m.isco().label(title.iscoMajor()));
                    addAll(field, fields, byTitle[t], jobs.fieldDistribution(s, ed, t));
                }
            }
        }

        OceanModel ocean = m.ocean();
        List<Shares> oceanShares = new ArrayList<>();
        for (int t = 0; t < OceanModel.TRAITS; t++) {
            Shares sh = new Shares();
            for (String bin : ocean.binLabels()) {
                sh.add(0, bin);
            }
            for (int s = 0; s < ns; s++) {
                for (int g6 = 0; g6 < nAgeGroups; g6++) {
                    for (int ed = 0; ed < ned; ed++) {
                        double p = sexAgeGroupEducation[s][g6][ed];
                        if (p == 0) {
                            continue;
                        }
                        double[] bins = ocean.binProbabilities(ocean.mean(t, s, g6, ed));
                        for (int b = 0; b < bins.length; b++) {
                            sh.add(p * bins[b], ocean.binLabels().get(b));
                        }
                    }
                }
            }
            oceanShares.add(sh);
        }

        String model = "census model (adult 18+, IPF-fitted)";
        Map<String, TargetTable> out = new LinkedHashMap<>();
        put(out, sex, Column.SEX, "census_2024_final sex; adult split modelled (sex_given_age_group)");
        put(out, age, Column.AGE, "age_single_year_adult (census bands, modelled single years)");
        put(out, ageGroup, Column.AGE_GROUP, "age_group_adult (census bands via the communiqué)");
        put(out, marital, Column.MARITAL_STATUS, "marital_status_15plus (census final) via the modelled sex x age prior");
        put(out, education, Column.EDUCATION_LEVEL, "education_10plus (census final) via the modelled sex x age x residence joint");
        put(out, field, Column.FIELD_OF_STUDY, "modelled (no census table)");
        put(out, occupation, Column.OCCUPATION, "LFS 2024 via modelled ISCO priors by sex and education; titles by curated head-count, female share and entry rules");
        put(out, occupationGroup, Column.OCCUPATION_GROUP, "LFS 2024 via modelled ISCO priors (x sex, IPF)");
        put(out, employment, Column.EMPLOYMENT_STATUS, "labour_status_15plus (LFS 2024) via the modelled sex x age x education joint");
        put(out, ethnicity, Column.ETHNICITY, "ethnicity (census final), adult-derived");
        put(out, motherTongue, Column.MOTHER_TONGUE, "mother_tongue_given_ethnicity (communiqué), adult-derived");
        put(out, usualLanguage, Column.USUAL_LANGUAGE, "usual_language (census final) via a modelled prior; Taraclia raked to its 2014 row");
        put(out, religion, Column.RELIGION, "religion_given_ethnicity (communiqué), adult-derived");
        put(out, locality, Column.LOCALITY, "localities-2024 (CUATM) weighted by the RPL 2014 population of every commune (Chișinău 2024); ethnicity by locality fitted");
        put(out, district, Column.DISTRICT, "district_given_region (2014-based estimate) x residence_given_district (modelled); adult share by the district's ethnic mix");
        put(out, region, Column.REGION, "region (census final), adult-derived");
        put(out, residence, Column.RESIDENCE_TYPE, "residence (census final) via residence_given_region (modelled), adult-derived");
        put(out, firstName, Column.FIRST_NAME, "names-md: nam_dict frequency classes x cohort profiles (judgement)");
        put(out, lastName, Column.LAST_NAME, "names-md: rank lists (Zipf), Zhuravlev frequencies, attested lists");
        Column[] traits = {Column.OCEAN_OPENNESS, Column.OCEAN_CONSCIENTIOUSNESS, Column.OCEAN_EXTRAVERSION,
            Column.OCEAN_AGREEABLENESS, Column.OCEAN_NEUROTICISM};
        for (int t = 0; t < OceanModel.TRAITS; t++) {
            Dimension d = Dimension.binned(traits[t], ocean::binOf);
            out.put(d.name(), oceanShares.get(t).table(d.name(), List.of(d), "ocean_t_scores (modelled)"));
        }
        out.put(REGION_X_ETHNICITY, regionEthnicity.table(REGION_X_ETHNICITY,
                List.of(Dimension.of(Column.REGION), Dimension.of(Column.ETHNICITY)),
                "ethnicity_given_region (census preliminary + fill), adult-derived"));
        out.put(AGE_GROUP_X_EDUCATION, ageEducation.table(AGE_GROUP_X_EDUCATION,
                List.of(Dimension.of(Column.AGE_GROUP), Dimension.of(Column.EDUCATION_LEVEL)), model));
        out.put(AGE_GROUP_X_EMPLOYMENT, ageEmployment.table(AGE_GROUP_X_EMPLOYMENT,
                List.of(Dimension.of(Column.AGE_GROUP), Dimension.of(Column.EMPLOYMENT_STATUS)), model));
        out.put(SEX_X_AGE_GROUP, sexAgeGroup.table(SEX_X_AGE_GROUP,
                List.of(Dimension.of(Column.SEX), Dimension.of(Column.AGE_GROUP)), model));
        out.put(REGION_X_RESIDENCE, regionResidence.table(REGION_X_RESIDENCE,
                List.of(Dimension.of(Column.REGION), Dimension.of(Column.RESIDENCE_TYPE)),
                "region x residence_given_region (modelled), adult-derived"));
        out.put(SEX_X_OCCUPATION_GROUP, sexOccupationGroup.table(SEX_X_OCCUPATION_GROUP,
                List.of(Dimension.of(Column.SEX), Dimension.of(Column.OCCUPATION_GROUP)),
                "isco_major_given_sex (modelled) x isco_major_given_education, title entry rules"));
        return new CensusTargets(out, m.referenceCrossTabs());
    }

    private static void put(Map<String, TargetTable> out, Shares shares, Column column, String basis) {
        out.put(column.columnName(), shares.table(column.columnName(), List.of(Dimension.of(column)), basis));
    }

    private static void addAll(Shares field, CategorySet fields, double p, double[] distribution) {
        for (int f = 0; f < distribution.length; f++) {
            if (distribution[f] > 0) {
                field.add(p * distribution[f], fields.label(f));
            }
        }
    }
}
