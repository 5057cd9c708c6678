package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adult (18+) census model: every distribution the sampler draws from, built at start-up from the validated
 * reference tables.
 *
 * <p>Most published tables describe all ages. Adult targets are derived with the age structure: the
 * communiqué's age bands by ethnicity ({@code age_band_given_ethnicity}) give each ethnicity's adult share
 * (bands 20+ whole, the 10-19 band by the share aged 18-19 in {@code population_by_single_age}), and every
 * all-ages table over region, residence and ethnicity is reweighted by it. Regions and residences therefore
 * differ in adult share only through their ethnic mix; that is stated as modelled in the dataset card.
 *
 * <p>The joints are fitted at start-up, each by one IPF in its own class, from informative seeds (older censuses,
 * communiqué cross-tables, modelled priors) to the 2024 targets:
 * <ul>
 *   <li>{@link LocalityEthnicityFit}: ethnicity by locality (district and commune seeds, 2024 regional levels);</li>
 *   <li>{@link AdultJointFit}: the {@link AdultJoint} district x residence x ethnicity x age group x sex;</li>
 *   <li>{@link UsualLanguageFit}: usual language by place and mother tongue;</li>
 *   <li>{@link EducationFit}: education by sex x age group x residence x area x Roma;</li>
 *   <li>{@link LabourFit}: labour status by sex x age group x residence x education.</li>
 * </ul>
 * What each joint rests on (published, seeded from an older census and raked, or modelled) is data, in
 * {@code place-joints.json}, and goes to the dataset card as {@link #joints()}.
 */
public final class CensusModel {

    public static final int MIN_AGE = 18;
    public static final int MAX_AGE = 100;
    public static final String COUNTRY = "Republica Moldova";
    /** The age groups of the record contract. */
    public static final List<String> AGE_GROUPS = List.of("18-24", "25-34", "35-44", "45-54", "55-64", "65+");
    /** occupation_group of everyone who is not employed (same for both sexes, so a group-by works). */
    public static final String NOT_WORKING_GROUP = "Nu lucrează";

    static final double IPF_TOLERANCE = 1e-12;
    static final int IPF_MAX_ITERATIONS = 5000;

    private final String referenceId;
    private final CategorySet sex;
    private final CategorySet residence;
    private final CategorySet region;
    private final CategorySet ethnicity;
    private final CategorySet language;
    private final CategorySet religion;
    private final CategorySet education;
    private final CategorySet marital;
    private final CategorySet labour;
    private final CategorySet isco;
    private final CategorySet sector;
    private final CategorySet ageGroupFine;
    private final FineAgeGroups groups;

    private final AdultJoint adultJoint;
    private final double[][][][] localityGivenPlaceEthnicity;
    private final double[][] ageGivenGroup;
    private final double[][] sexGivenGroup;
    private final double[][] motherTongueGivenEthnicity;
    private final double[][] usualLanguageGivenMotherTongue;
    private final UsualLanguageFit usualLanguage;
    private final double[][] religionGivenEthnicity;
    private final EducationFit educationFit;
    private final double[][][][] educationGivenSexAgePlace;
    private final double[][][][][][] labourGivenSexGroupRegionResidenceEducation;
    private final double[][][] maritalGivenSexGroup;
    private final double[][] iscoGivenEducation;
    private final double[][] sectorGivenIsco;
    private final int[] minimumAgeForEducation;

    private final Geography geography;
    private final Occupations occupations;
    private final NameModel names;
    private final OccupationModel occupationModel;
    private final FieldOfStudyModel fieldOfStudy;
    private final OceanModel ocean;
    private final List<Ipf.Fit> fits = new ArrayList<>();
    private final Map<String, TableProvenance> provenance = new LinkedHashMap<>();
    private final List<JointStatus> joints = new ArrayList<>();
    private final List<ReferenceCrossTab> crossTabs;

    /** The provenance of one reference table the model uses, for the dataset card. */
    public record TableProvenance(String table, String provenance, String universe, String usedFor) { }

    /**
     * What one joint of the personas rests on, from {@code place-joints.json}.
     *
     * @param status {@code published}, {@code seeded_and_raked} or {@code modelled}
     */
    public record JointStatus(String id, String status, String fit, String seed, String targets, String provenance) { }

    /** Loads, validates and builds the model; a broken reference is a {@link CensusDataException}. */
    public static CensusModel load(ReferenceSource source) {
        JsonNode root = source.read(ReferenceSource.TABLES);
        CensusTableValidator.validate(root);
        return new CensusModel(root, source.read(ReferenceSource.LOCALITIES), source.read(ReferenceSource.OCCUPATIONS),
                source.read(ReferenceSource.EXTENSIONS), source.read(ReferenceSource.ETHNICITY_BY_DISTRICT),
                source.read(ReferenceSource.UAT_POPULATIONS), source.read(ReferenceSource.PLACE_JOINTS),
                source.read(ReferenceSource.NAMES));
    }

    private CensusModel(JsonNode root, JsonNode localityFile, JsonNode occupationFile, JsonNode extensions,
                        JsonNode ethnicityFile, JsonNode uatFile, JsonNode placeJoints, JsonNode namesFile) {
        referenceId = root.path("id").asText() + "@" + root.path("schema_version").asText();
        JsonNode labels = root.path("labels");
        TableReader tables = new TableReader(root.path("tables"));
        sex = categories(labels, "sex", "sex", null);
        residence = categories(labels, "residence", "residence", null);
        region = categories(labels, "region", "region", null);
        ethnicity = categories(labels, "ethnicity", "ethnicity", tables.values("ethnicity"));
        language = categories(labels, "language", "language", tables.values("mother_tongue"));
        religion = categories(labels, "religion", "religion", tables.values("religion"));
        education = categories(labels, "education", "education", null);
        marital = categories(labels, "marital_status", "marital_status", null);
        labour = categories(labels, "labour_status", "labour_status", null);
        isco = categories(labels, "isco_major", "isco_major", null);
        sector = categories(labels, "sector", "sector", null);
        ageGroupFine = categories(labels, "age_group", "age_group", null);
        groups = new FineAgeGroups(ageGroupFine);

        geography = new Geography(tables, localityFile, uatFile, placeJoints, region, residence);
        occupations = new Occupations(occupationFile, isco, sector);
        names = new NameModel(namesFile, ethnicity, sex);
        fieldOfStudy = new FieldOfStudyModel(extensions, sex, education, isco);
        ocean = new OceanModel(extensions, sex, AGE_GROUPS, education);

        ageGivenGroup = ageGivenGroup(tables);
        sexGivenGroup = tables.conditional("sex_given_age_group", ageGroupFine, sex);
        double[][] groupGivenEthnicity = AdultJointFit.groupGivenEthnicity(tables, placeJoints, groups, ethnicity);
        double[][] localityEthnicity = LocalityEthnicityFit.fit(tables, ethnicityFile, placeJoints, geography, region,
                residence, ethnicity, AdultJointFit.adultShare(groupGivenEthnicity), fits);
        localityGivenPlaceEthnicity = localityGivenPlaceEthnicity(localityEthnicity);
        adultJoint = AdultJointFit.fit(tables, uatFile, localityEthnicity, geography, groupGivenEthnicity,
                sexGivenGroup, groups, residence, ethnicity, sex, fits);
        motherTongueGivenEthnicity = tables.conditional("mother_tongue_given_ethnicity", ethnicity, language);
        usualLanguageGivenMotherTongue = tables.conditional("usual_language_given_mother_tongue", language, language);
        usualLanguage = UsualLanguageFit.fit(ethnicityFile, adultJoint, motherTongueGivenEthnicity,
                usualLanguageGivenMotherTongue, geography.district(), language, fits);
        religionGivenEthnicity = tables.conditional("religion_given_ethnicity", ethnicity, religion);
        minimumAgeForEducation = minimumAges(tables);
        educationFit = EducationFit.fit(tables, placeJoints, adultJoint, geography.district(), residence, ethnicity,
                sex, groups, education, fits);
        educationGivenSexAgePlace = refineEducationBySingleAge(educationFit.byGroup());
        labourGivenSexGroupRegionResidenceEducation = LabourFit.fit(tables, placeJoints, educationFit,
                educationFit.populationByRegion(adultJoint, sex.size(), groups.size(), region.size()), groups, sex,
                region, residence, education, labour, fits);
        maritalGivenSexGroup = tables.conditional("marital_status_given_sex_age_group", sex, ageGroupFine, marital);
        iscoGivenEducation = tables.conditional("isco_major_given_education", education, isco);
        sectorGivenIsco = tables.conditional("sector_given_isco_major", isco, sector);
        for (JsonNode j : placeJoints.path("joints")) {
            joints.add(new JointStatus(j.path("id").asText(), j.path("status").asText(), j.path("fit").asText(),
                    j.path("seed").asText(), j.path("targets").asText(), j.path("provenance").asText()));
        }
        occupationModel = new OccupationModel(this, occupationFile);
        fits.add(occupationModel.fit());

        recordProvenance(tables);
        recordPlaceProvenance(ethnicityFile, uatFile, placeJoints);
        crossTabs = ReferenceCrossTabs.build(this, tables, ethnicityFile, uatFile, placeJoints,
                educationFit.adultFactor());
    }

    private static CategorySet categories(JsonNode labels, String group, String variable, JsonNode restrictTo) {
        List<String> ids = new ArrayList<>();
        List<String> ro = new ArrayList<>();
        List<String> roF = new ArrayList<>();
        JsonNode node = labels.path(group);
        if (!node.isObject() || node.isEmpty()) {
            throw new CensusDataException("census reference: labels." + group + " is missing");
        }
        node.properties().forEach(e -> {
            // Only the categories a persona can take: "not declared" is dropped and renormalised in the reference.
            if (restrictTo == null ? !e.getKey().equals("not_declared") : restrictTo.has(e.getKey())) {
                ids.add(e.getKey());
                ro.add(e.getValue().path("ro").asText());
                roF.add(e.getValue().path("ro_f").asText(e.getValue().path("ro").asText()));
            }
        });
        return new CategorySet(variable, ids, ro, roF);
    }

    /** Index in {@link #AGE_GROUPS} of an age. */
    public static int ageGroupIndex(int age) {
        if (age < MIN_AGE) {
            throw new IllegalArgumentException("age " + age + " is below " + MIN_AGE);
        }
        return age >= 65 ? 5 : age < 25 ? 0 : (age - 25) / 10 + 1;
    }

    /** P(single age | fine age group) from {@code age_single_year_adult}; indexed [group][age - 18]. */
    private double[][] ageGivenGroup(TableReader tables) {
        JsonNode ages = tables.values("age_single_year_adult");
        double[][] out = new double[ageGroupFine.size()][MAX_AGE - MIN_AGE + 1];
        for (int g = 0; g < ageGroupFine.size(); g++) {
            double sum = 0;
            for (int a = groups.low(g); a <= groups.high(g); a++) {
                JsonNode p = ages.path(Integer.toString(a));
                if (!p.isNumber()) {
                    throw CensusDataException.inTable("age_single_year_adult", "[]", "missing age " + a);
                }
                out[g][a - MIN_AGE] = p.asDouble();
                sum += p.asDouble();
            }
            for (int a = 0; a < out[g].length; a++) {
                out[g][a] /= sum;
            }
        }
        return out;
    }

    /**
     * P(locality | district, residence, ethnicity) over each pool of {@link Geography#pool(int, int)}: the fitted
     * locality x ethnicity table normalised within the pool (the pool's weights where the ethnicity has no one).
     */
    private double[][][][] localityGivenPlaceEthnicity(double[][] localityEthnicity) {
        int ne = ethnicity.size();
        double[][][][] out = new double[geography.district().size()][residence.size()][ne][];
        for (int d = 0; d < out.length; d++) {
            for (int res = 0; res < residence.size(); res++) {
                int[] pool = geography.pool(d, res);
                for (int e = 0; e < ne; e++) {
                    double[] w = new double[pool.length];
                    double sum = 0;
                    for (int i = 0; i < pool.length; i++) {
                        w[i] = localityEthnicity[pool[i]][e];
                        sum += w[i];
                    }
                    for (int i = 0; i < pool.length; i++) {
                        w[i] = sum == 0 ? geography.poolWeights(d, res)[i] : w[i] / sum;
                    }
                    out[d][res][e] = w;
                }
            }
        }
        return out;
    }

    private int[] minimumAges(TableReader tables) {
        JsonNode rules = tables.table("education_given_sex_age_group").path("rules").path("minimum_age_for_level");
        int[] out = new int[education.size()];
        for (int ed = 0; ed < education.size(); ed++) {
            out[ed] = rules.path(education.id(ed)).asInt(0);
        }
        return out;
    }

    /**
     * Education by single age: a level with a minimum completion age (tertiary at 21) gets probability zero below
     * it, and its group share spread evenly over the eligible ages of the group; the other levels fill the rest
     * in their group proportions. Every group-level share stays exact.
     */
    private double[][][][] refineEducationBySingleAge(double[][][][] byGroup) {
        int ned = education.size();
        int nk = byGroup[0][0].length;
        double[][][][] out = new double[sex.size()][MAX_AGE - MIN_AGE + 1][nk][ned];
        for (int g = 0; g < ageGroupFine.size(); g++) {
            double[] restrictedEligible = new double[ned];
            for (int ed = 0; ed < ned; ed++) {
                for (int a = Math.max(groups.low(g), minimumAgeForEducation[ed]); a <= groups.high(g); a++) {
                    restrictedEligible[ed] += ageGivenGroup[g][a - MIN_AGE];
                }
            }
            for (int s = 0; s < sex.size(); s++) {
                for (int k = 0; k < nk; k++) {
                    double[] p = byGroup[s][g][k];
                    double unrestrictedMass = 0;
                    for (int ed = 0; ed < ned; ed++) {
                        if (minimumAgeForEducation[ed] <= groups.low(g)) {
                            unrestrictedMass += p[ed];
                        }
                    }
                    for (int a = groups.low(g); a <= groups.high(g); a++) {
                        double[] row = out[s][a - MIN_AGE][k];
                        double restricted = 0;
                        for (int ed = 0; ed < ned; ed++) {
                            if (minimumAgeForEducation[ed] > groups.low(g)) {
                                if (p[ed] > 0 && restrictedEligible[ed] == 0) {
                                    throw new CensusDataException("education_given_sex_age_group: level "
                                            + education.id(ed) + " has mass in age group " + ageGroupFine.id(g)
                                            + " but no age of the group reaches its minimum age "
                                            + minimumAgeForEducation[ed]);
                                }
                                row[ed] = a >= minimumAgeForEducation[ed] ? p[ed] / restrictedEligible[ed] : 0;
                                restricted += row[ed];
                            }
                        }
                        if (restricted > 1 + 1e-9) {
                            throw new CensusDataException("education_given_sex_age_group: levels with a minimum "
                                    + "age need more than all of age " + a + " in group " + ageGroupFine.id(g));
                        }
                        for (int ed = 0; ed < ned; ed++) {
                            if (minimumAgeForEducation[ed] <= groups.low(g)) {
                                row[ed] = unrestrictedMass == 0 ? 0 : p[ed] / unrestrictedMass * (1 - restricted);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private void recordProvenance(TableReader tables) {
        String[][] used = {
            {"region", "region (adult shares derived with the age structure by ethnicity)"},
            {"residence_given_region", "urban/rural within region"},
            {"ethnicity_given_region_residence", "2024 ethnicity within region and residence (IPF margin; Roma and "
                    + "other pooled within a region)"},
            {"ethnicity", "national ethnic shares (through the table above)"},
            {"ethnicity_given_region", "regional ethnic structure (through the table above)"},
            {"age_band_given_ethnicity", "age structure of each ethnicity (IPF seed; adult shares)"},
            {"age_band_census_2024", "age structure of Roma and other ethnicities"},
            {"population_by_single_age", "split of 10-year bands into age groups"},
            {"age_group_adult", "adult age groups (IPF margin)"},
            {"age_single_year_adult", "single year of age within its group"},
            {"sex_given_age_group", "sex by age group"},
            {"district_given_region", "district within region"},
            {"residence_given_district", "urban/rural by district"},
            {"districts", "district names and 2024 census-scaled populations"},
            {"mother_tongue_given_ethnicity", "mother tongue by ethnicity"},
            {"usual_language_given_mother_tongue", "usual language by mother tongue"},
            {"religion_given_ethnicity", "religion by ethnicity"},
            {"education_given_sex_age_group", "education by sex and age (IPF margin)"},
            {"education_given_residence", "urban/rural education odds (IPF seed)"},
            {"education_10plus", "national education shares (odds denominator)"},
            {"tertiary_share_by_area", "tertiary share of urban residents and of five districts (IPF margin)"},
            {"labour_force_2024", "employment rate 20-64 by residence (IPF margin)"},
            {"marital_status_given_sex_age_group", "marital status by sex and age"},
            {"labour_status_given_sex_age_group", "labour status by sex and age (IPF margin)"},
            {"education_of_employed", "employment odds by education (IPF seed)"},
            {"isco_major_given_education", "occupation group of the employed by education"},
        };
        for (String[] u : used) {
            JsonNode t = tables.table(u[0]);
            provenance.put(u[0], new TableProvenance(u[0], t.path("provenance").asText(), t.path("universe").asText(),
                    u[1]));
        }
        provenance.put("field_of_study_given_sex_education", new TableProvenance("field_of_study_given_sex_education",
                "modelled_assumption", "adults 18+ with vocational or higher education", "field of study"));
        provenance.put("field_of_study_given_isco", new TableProvenance("field_of_study_given_isco",
                "modelled_assumption", "employed adults", "field of study from the job title"));
        provenance.put("ocean_t_scores", new TableProvenance("ocean_t_scores", "modelled_assumption", "adults 18+",
                "personality (OCEAN) scores"));
        provenance.put("localities-2024", new TableProvenance("localities-2024",
                "cuatm_classifier_2025", "1,525 censused localities", "the localities of each district"));
    }

    /** The tables of ethnicity-by-district.json, uat-populations.json and place-joints.json the model uses. */
    private void recordPlaceProvenance(JsonNode ethnicityFile, JsonNode uatFile, JsonNode placeJoints) {
        // Seed rows come from two censuses: one entry per census year, each with its own label.
        JsonNode perDistrict = LocalityEthnicityFit.table(ethnicityFile, "ethnicity_given_district_seed")
                .path("per_district");
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        perDistrict.properties().forEach(e -> byLabel.computeIfAbsent(e.getValue().path("provenance").asText(),
                k -> new ArrayList<>()).add(e.getKey()));
        for (Map.Entry<String, List<String>> e : byLabel.entrySet()) {
            String id = "ethnicity_given_district_seed[" + e.getKey() + "]";
            provenance.put(id, new TableProvenance(id, e.getKey(), "all ages, " + e.getValue().size() + " districts",
                    "ethnicity by district (IPF seed): " + String.join(", ", e.getValue())));
        }
        provenance.put("ethnicity_given_locality_seed", new TableProvenance("ethnicity_given_locality_seed",
                "census_2004_by_locality", "all ages, 10 communes", "ethnicity of mixed communes (IPF seed)"));
        provenance.put("usual_language_given_district_seed", new TableProvenance("usual_language_given_district_seed",
                LocalityEthnicityFit.table(ethnicityFile, "usual_language_given_district_seed").path("provenance")
                        .asText(), "all ages, Taraclia", "usual language in Taraclia (IPF margin)"));
        JsonNode statement = placeJoints.path("locality_statement_seeds");
        provenance.put("census_2024_statements", new TableProvenance("census_2024_statements",
                statement.path("provenance").asText(), "Otaci, Buda, Ciorești",
                "Roma share of at least 20% (IPF seed)"));
        provenance.put("uat-populations", new TableProvenance("uat-populations", "census_2014_by_uat",
                "897 first-tier units", "locality weights within district and residence"));
        provenance.put("chisinau_uat_weights_2024", new TableProvenance("chisinau_uat_weights_2024",
                "census_2024_final_by_uat_secondary", "19 units of the Chișinău municipality",
                "locality weights in Chișinău (city 567,038; residual split modelled)"));
        for (String id : new String[] {"age_group_given_district_residence_census2014",
            "sex_given_district_residence_census2014"}) {
            JsonNode t = uatFile.path("age_sex_by_residence").path(id);
            provenance.put(id, new TableProvenance(id, t.path("provenance").asText(), "all ages, RPL 2014 enumerated",
                    "age (65+ vs 18-64) and sex odds by district and residence (IPF seed)"));
        }
        provenance.put("roma_profile", new TableProvenance("roma_profile",
                placeJoints.path("roma_profile").path("provenance").asText(), "Roma",
                "younger age structure and lower schooling (IPF seed odds)"));
        provenance.put("employment_region", new TableProvenance("employment_region",
                placeJoints.path("employment_region").path("provenance").asText(), "employed 15+ (LFS 2024)",
                "employment by region: LFS shares of the employed as rates relative to the LFS population base"));
        provenance.put("within_uat", new TableProvenance("within_uat",
                placeJoints.path("within_uat").path("provenance").asText(), "localities of a first-tier unit",
                "seat, component villages and railway-station localities"));
        provenance.put("occupations-ro", new TableProvenance("occupations-ro", "curated_labels",
                occupations.titles().size() + " job titles by ISCO-08 group", "job title wording (both genders)"));
        provenance.put("isco_major_given_sex", new TableProvenance("isco_major_given_sex", "modelled_assumption",
                "employed adults 18+", "sex split of each occupation group (IPF with isco_major_given_education)"));
        provenance.put("job_title_rules", new TableProvenance("job_title_rules", "curated_judgement",
                "employed adults 18+", "title head-count and female share (anchored on admin_counts, "
                + "nbs_stats_via_press, lfs_2022_gender_via_press)"));
        provenance.put("job_title_entry_rules", new TableProvenance("job_title_entry_rules", "legal_rule",
                "employed adults 18+", "age bounds and degree of regulated titles (medicine, law, military, driving)"));
        provenance.put("capital_rule", new TableProvenance("capital_rule", "modelled_assumption",
                "employed adults of Chișinău city", "farm jobs and rural posts a tenth as common as elsewhere "
                + "(judgement; no occupation by residence table found), national title shares kept"));
        provenance.put("names-md surnames (Moldovan, Ukrainian, Gagauz, Bulgarian)", new TableProvenance(
                "names-md surnames (Moldovan, Ukrainian, Gagauz, Bulgarian)", "rank_zipf", "adults 18+",
                "surname by ethnic group: ranks of package_rank_list / public_file_rank_list, attested_list tail"));
        provenance.put("names-md surnames (Russian)", new TableProvenance("names-md surnames (Russian)",
                "published_relative_frequency", "adults 18+", "surnames of Russians and others (Zhuravlev 2005)"));
        provenance.put("names-md first names", new TableProvenance("names-md first names",
                "published_frequency_class", "adults 18+",
                "first name by sex, ethnic group and birth decade (nam_dict classes x curated cohort profiles)"));
        provenance.put("names-md feminine forms", new TableProvenance("names-md feminine forms",
                "curated_judgement", "adult women", "share of women bearing the feminine surname form"));
    }

    // ---- accessors (arrays are the model's own: read-only by convention) ----

    public String referenceId() {
        return referenceId;
    }

    public CategorySet sex() {
        return sex;
    }

    public CategorySet residence() {
        return residence;
    }

    public CategorySet region() {
        return region;
    }

    public CategorySet ethnicity() {
        return ethnicity;
    }

    /** Languages, for both mother tongue and usual language. */
    public CategorySet language() {
        return language;
    }

    public CategorySet religion() {
        return religion;
    }

    public CategorySet education() {
        return education;
    }

    public CategorySet marital() {
        return marital;
    }

    public CategorySet labour() {
        return labour;
    }

    public CategorySet isco() {
        return isco;
    }

    public CategorySet sector() {
        return sector;
    }

    public CategorySet ageGroupFine() {
        return ageGroupFine;
    }

    public int ageGroupFineLow(int g) {
        return groups.low(g);
    }

    public int ageGroupFineHigh(int g) {
        return groups.high(g);
    }

    /** Index in {@link #AGE_GROUPS} of a fine age group. */
    public int ageGroupOfFine(int g) {
        return groups.contractGroup(g);
    }

    public CategorySet district() {
        return geography.district();
    }

    /** Adults by district x residence x ethnicity x fine age group x sex; shares sum to 1. */
    public AdultJoint adultJoint() {
        return adultJoint;
    }

    /**
     * P(locality | district, residence, ethnicity) over {@link Geography#pool(int, int)}, indexed
     * [district][residence][ethnicity][position in the pool].
     */
    public double[] localityGivenPlaceEthnicity(int district, int residence, int ethnicity) {
        return localityGivenPlaceEthnicity[district][residence][ethnicity];
    }

    /** [fine group][age - 18]. */
    public double[][] ageGivenGroup() {
        return ageGivenGroup;
    }

    /** [fine group][sex]. */
    public double[][] sexGivenGroup() {
        return sexGivenGroup;
    }

    public double[][] motherTongueGivenEthnicity() {
        return motherTongueGivenEthnicity;
    }

    /** The national P(usual language | mother tongue) of the reference, before the place fit. */
    public double[][] usualLanguageGivenMotherTongue() {
        return usualLanguageGivenMotherTongue;
    }

    /** The usual-language place group of a district (districts with their own data, then every other district). */
    public int usualLanguagePlace(int district) {
        return usualLanguage.placeOfDistrict()[district];
    }

    /** The district ids with their own usual-language row, in place-group order. */
    public List<String> usualLanguagePlaces() {
        return usualLanguage.places();
    }

    /** P(usual language | place group, mother tongue), [place][mother tongue][usual language]. */
    public double[][][] usualLanguageGivenPlaceMotherTongue() {
        return usualLanguage.usual();
    }

    public double[][] religionGivenEthnicity() {
        return religionGivenEthnicity;
    }

    /** The education place kind (residence x tertiary area x Roma) of a persona. */
    public int educationPlaceKind(int residence, int district, int ethnicity) {
        return educationFit.placeKind(residence, district, ethnicity);
    }

    public int educationPlaceKinds() {
        return educationFit.placeKinds();
    }

    /** The residence of an education place kind. */
    public int residenceOfEducationPlaceKind(int placeKind) {
        return educationFit.residenceOf(placeKind);
    }

    /** [sex][age - 18][education place kind][education]. */
    public double[][][][] educationGivenSexAgePlace() {
        return educationGivenSexAgePlace;
    }

    /** [sex][fine group][region][residence][education][labour status]. */
    public double[][][][][][] labourGivenSexGroupRegionResidenceEducation() {
        return labourGivenSexGroupRegionResidenceEducation;
    }

    /** [sex][fine group][marital status]. */
    public double[][][] maritalGivenSexGroup() {
        return maritalGivenSexGroup;
    }

    /** [education][isco major], for the employed. */
    public double[][] iscoGivenEducation() {
        return iscoGivenEducation;
    }

    /** [isco major][sector]. */
    public double[][] sectorGivenIsco() {
        return sectorGivenIsco;
    }

    /** The minimum completion age of each education level (0 when none). */
    public int minimumAgeForEducation(int level) {
        return minimumAgeForEducation[level];
    }

    public Geography geography() {
        return geography;
    }

    public Occupations occupations() {
        return occupations;
    }

    public NameModel names() {
        return names;
    }

    /** Job title, sector and field of study of the employed (sex, age and education aware). */
    public OccupationModel occupationModel() {
        return occupationModel;
    }

    public FieldOfStudyModel fieldOfStudy() {
        return fieldOfStudy;
    }

    public OceanModel ocean() {
        return ocean;
    }

    /** The IPF fits made at start-up, with their convergence. */
    public List<Ipf.Fit> fits() {
        return Collections.unmodifiableList(fits);
    }

    /** What every joint of the personas rests on, for the dataset card. */
    public List<JointStatus> joints() {
        return Collections.unmodifiableList(joints);
    }

    /** The reference's cross-tabulations a released dataset is audited against (the joint audit). */
    public List<ReferenceCrossTab> referenceCrossTabs() {
        return crossTabs;
    }

    /** Every reference table the model uses, with its provenance label, in the order of use. */
    public Map<String, TableProvenance> provenance() {
        return Collections.unmodifiableMap(provenance);
    }
}
