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
 * <p>Three joints are fitted here by IPF from informative seeds to official (or official-derived) margins:
 * <ul>
 *   <li>region x residence x ethnicity x age group: seed = the all-ages region x residence x ethnicity table times
 *       the communiqué's age band by ethnicity (split into groups by the single-age structure); margins = the
 *       adult-derived region x residence x ethnicity table and {@code age_group_adult}. Minorities are older
 *       than Moldovans, and this keeps it.</li>
 *   <li>education by sex x age group x residence: seed = {@code education_given_sex_age_group} times the urban or
 *       rural odds of each level ({@code education_given_residence}); margins = the sex x age x education prior
 *       and the persona population by sex x age x residence.</li>
 *   <li>labour status by sex x age group x education: seed = {@code labour_status_given_sex_age_group} with the
 *       employed tilted by the LFS employment odds by education ({@code education_of_employed}); margins = the
 *       sex x age x labour prior and the sex x age x education joint above.</li>
 * </ul>
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
    private final int[] ageGroupFineLow;
    private final int[] ageGroupFineHigh;
    private final int[] ageGroupOfFine;

    private final double[] adultJoint;
    private final double[][] ageGivenGroup;
    private final double[][] sexGivenGroup;
    private final double[][] motherTongueGivenEthnicity;
    private final double[][] usualLanguageGivenMotherTongue;
    private final double[][] religionGivenEthnicity;
    private final double[][][][] educationGivenSexAgeResidence;
    private final double[][][][] labourGivenSexGroupEducation;
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

    /** The provenance of one reference table the model uses, for the dataset card. */
    public record TableProvenance(String table, String provenance, String universe, String usedFor) { }

    /** Loads, validates and builds the model; a broken reference is a {@link CensusDataException}. */
    public static CensusModel load(ReferenceSource source) {
        JsonNode root = source.read(ReferenceSource.TABLES);
        CensusTableValidator.validate(root);
        return new CensusModel(root, source.read(ReferenceSource.LOCALITIES), source.read(ReferenceSource.OCCUPATIONS),
                source.read(ReferenceSource.EXTENSIONS), source.read(ReferenceSource.NAMES));
    }

    private CensusModel(JsonNode root, JsonNode localityFile, JsonNode occupationFile, JsonNode extensions,
                        JsonNode namesFile) {
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
        ageGroupFineLow = new int[ageGroupFine.size()];
        ageGroupFineHigh = new int[ageGroupFine.size()];
        ageGroupOfFine = new int[ageGroupFine.size()];
        for (int g = 0; g < ageGroupFine.size(); g++) {
            String id = ageGroupFine.id(g);
            ageGroupFineLow[g] = Integer.parseInt(id.split("[-+]")[0]);
            ageGroupFineHigh[g] = id.endsWith("+") ? MAX_AGE : Integer.parseInt(id.split("-")[1]);
            ageGroupOfFine[g] = ageGroupIndex(ageGroupFineLow[g]);
            if (ageGroupIndex(ageGroupFineHigh[g]) != ageGroupOfFine[g]) {
                throw new CensusDataException("labels.age_group '" + id + "' straddles two contract age groups");
            }
        }

        geography = new Geography(tables, localityFile, region, residence);
        occupations = new Occupations(occupationFile, isco, sector);
        names = new NameModel(namesFile, ethnicity, sex);
        fieldOfStudy = new FieldOfStudyModel(extensions, sex, education, isco);
        ocean = new OceanModel(extensions, sex, AGE_GROUPS, education);

        ageGivenGroup = ageGivenGroup(tables);
        sexGivenGroup = tables.conditional("sex_given_age_group", ageGroupFine, sex);
        adultJoint = fitAdultJoint(tables);
        motherTongueGivenEthnicity = tables.conditional("mother_tongue_given_ethnicity", ethnicity, language);
        usualLanguageGivenMotherTongue = tables.conditional("usual_language_given_mother_tongue", language, language);
        religionGivenEthnicity = tables.conditional("religion_given_ethnicity", ethnicity, religion);
        minimumAgeForEducation = minimumAges(tables);
        double[][][][] educationByGroup = fitEducation(tables);
        educationGivenSexAgeResidence = refineEducationBySingleAge(educationByGroup);
        labourGivenSexGroupEducation = fitLabour(tables, educationByGroup);
        maritalGivenSexGroup = tables.conditional("marital_status_given_sex_age_group", sex, ageGroupFine, marital);
        iscoGivenEducation = tables.conditional("isco_major_given_education", education, isco);
        sectorGivenIsco = tables.conditional("sector_given_isco_major", isco, sector);
        occupationModel = new OccupationModel(this, occupationFile);
        fits.add(occupationModel.fit());

        recordProvenance(tables);
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
            for (int a = ageGroupFineLow[g]; a <= ageGroupFineHigh[g]; a++) {
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

    /** Region x residence x ethnicity x fine age group for adults, fitted by IPF (see the class comment). */
    private double[] fitAdultJoint(TableReader tables) {
        double[] regionShare = tables.distribution("region", region);
        double[][] residenceGivenRegion = tables.conditional("residence_given_region", region, residence);
        double[][][] ethnicityGivenRegionResidence = tables.conditional("ethnicity_given_region_residence", region,
                residence, ethnicity);
        // Age band (10-year) by ethnicity; Roma and other ethnicities are not in the communiqué extraction, so
        // they take the national census bands.
        JsonNode bandTable = tables.values("age_band_given_ethnicity");
        JsonNode nationalBands = tables.values("age_band_census_2024");
        JsonNode singleAges = tables.values("population_by_single_age");
        int nr = region.size();
        int nres = residence.size();
        int ne = ethnicity.size();
        int ng = ageGroupFine.size();
        double[][] groupGivenEthnicity = new double[ne][ng];
        for (int e = 0; e < ne; e++) {
            JsonNode bands = bandTable.has(ethnicity.id(e)) ? bandTable.path(ethnicity.id(e)) : nationalBands;
            for (int g = 0; g < ng; g++) {
                String band = bandOf(ageGroupFineLow[g]);
                JsonNode p = bands.path(band);
                if (!p.isNumber()) {
                    throw CensusDataException.inTable("age_band_given_ethnicity", "[" + ethnicity.id(e) + "]",
                            "missing age band '" + band + "'");
                }
                groupGivenEthnicity[e][g] = p.asDouble() * shareOfBand(singleAges, g);
            }
        }
        double[] seed = new double[nr * nres * ne * ng];
        double total = 0;
        for (int r = 0; r < nr; r++) {
            for (int res = 0; res < nres; res++) {
                for (int e = 0; e < ne; e++) {
                    double all = regionShare[r] * residenceGivenRegion[r][res] * ethnicityGivenRegionResidence[r][res][e];
                    for (int g = 0; g < ng; g++) {
                        double p = all * groupGivenEthnicity[e][g];
                        seed[((r * nres + res) * ne + e) * ng + g] = p;
                        total += p;
                    }
                }
            }
        }
        double[] adultGeography = new double[nr * nres * ne];
        for (int c = 0; c < seed.length; c++) {
            seed[c] /= total;
            adultGeography[c / ng] += seed[c];
        }
        double[] ageTarget = tables.distribution("age_group_adult", ageGroupFine);
        Ipf.Fit fit = Ipf.fit("region x residence x ethnicity x age group (adults)", seed,
                new int[] {nr, nres, ne, ng},
                List.of(new Ipf.Margin("adult-derived region x residence x ethnicity", new int[] {0, 1, 2},
                                adultGeography),
                        new Ipf.Margin("age_group_adult", new int[] {3}, ageTarget)),
                IPF_TOLERANCE, IPF_MAX_ITERATIONS);
        fits.add(fit);
        return fit.table();
    }

    private static String bandOf(int age) {
        return age >= 80 ? "80+" : (age / 10 * 10) + "-" + (age / 10 * 10 + 9);
    }

    /** Share of its 10-year band's population that a fine adult age group holds (all ages, single-year counts). */
    private double shareOfBand(JsonNode singleAges, int g) {
        int bandLow = ageGroupFineLow[g] / 10 * 10;
        if (bandLow >= 80) {
            return 1.0;
        }
        double band = 0;
        double group = 0;
        for (int a = bandLow; a <= bandLow + 9; a++) {
            JsonNode n = singleAges.path(Integer.toString(a));
            if (!n.isNumber()) {
                throw CensusDataException.inTable("population_by_single_age", "[]", "missing age " + a);
            }
            band += n.asDouble();
            if (a >= ageGroupFineLow[g] && a <= ageGroupFineHigh[g]) {
                group += n.asDouble();
            }
        }
        return group / band;
    }

    /** Persona population share by [sex][fine group][residence], from the adult joint and P(sex | group). */
    private double[][][] populationBySexGroupResidence() {
        double[][][] out = new double[sex.size()][ageGroupFine.size()][residence.size()];
        int ne = ethnicity.size();
        int ng = ageGroupFine.size();
        for (int c = 0; c < adultJoint.length; c++) {
            int g = c % ng;
            int res = (c / ng / ne) % residence.size();
            for (int s = 0; s < sex.size(); s++) {
                out[s][g][res] += adultJoint[c] * sexGivenGroup[g][s];
            }
        }
        return out;
    }

    /** Education by [sex][fine group][residence][level], fitted by IPF (see the class comment). */
    private double[][][][] fitEducation(TableReader tables) {
        double[][][] prior = tables.conditional("education_given_sex_age_group", sex, ageGroupFine, education);
        double[][] byResidence = tables.conditional("education_given_residence", residence, education);
        double[] national = tables.distribution("education_10plus", education);
        double[][][] population = populationBySexGroupResidence();
        int ns = sex.size();
        int ng = ageGroupFine.size();
        int nres = residence.size();
        int ned = education.size();
        double[] seed = new double[ns * ng * nres * ned];
        double[] sexGroupResidence = new double[ns * ng * nres];
        double[] sexGroupEducation = new double[ns * ng * ned];
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                double sg = 0;
                for (int res = 0; res < nres; res++) {
                    sg += population[s][g][res];
                }
                for (int res = 0; res < nres; res++) {
                    sexGroupResidence[(s * ng + g) * nres + res] = population[s][g][res];
                    for (int ed = 0; ed < ned; ed++) {
                        double odds = byResidence[res][ed] / national[ed];
                        seed[((s * ng + g) * nres + res) * ned + ed] = population[s][g][res] * prior[s][g][ed] * odds;
                    }
                }
                for (int ed = 0; ed < ned; ed++) {
                    sexGroupEducation[(s * ng + g) * ned + ed] = sg * prior[s][g][ed];
                }
            }
        }
        Ipf.Fit fit = Ipf.fit("education by sex x age group x residence (adults)", seed,
                new int[] {ns, ng, nres, ned},
                List.of(new Ipf.Margin("persona population by sex x age group x residence", new int[] {0, 1, 2},
                                sexGroupResidence),
                        new Ipf.Margin("education_given_sex_age_group x population", new int[] {0, 1, 3},
                                sexGroupEducation)),
                IPF_TOLERANCE, IPF_MAX_ITERATIONS);
        fits.add(fit);
        return conditionalOnLast(fit.table(), new int[] {ns, ng, nres, ned}, (s, g, res) -> prior[s][g]);
    }

    /** The row used for a conditional whose cell has no mass. */
    @FunctionalInterface
    private interface EmptyRow {
        double[] row(int a, int b, int c);
    }

    /** A fitted 4-d table (row-major) as P(last dimension | the first three), empty cells taking {@code empty}. */
    private static double[][][][] conditionalOnLast(double[] table, int[] shape, EmptyRow empty) {
        double[][][][] out = new double[shape[0]][shape[1]][shape[2]][shape[3]];
        for (int a = 0; a < shape[0]; a++) {
            for (int b = 0; b < shape[1]; b++) {
                for (int c = 0; c < shape[2]; c++) {
                    int offset = ((a * shape[1] + b) * shape[2] + c) * shape[3];
                    double sum = 0;
                    for (int d = 0; d < shape[3]; d++) {
                        sum += table[offset + d];
                    }
                    for (int d = 0; d < shape[3]; d++) {
                        out[a][b][c][d] = sum == 0 ? empty.row(a, b, c)[d] : table[offset + d] / sum;
                    }
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
        double[][][][] out = new double[sex.size()][MAX_AGE - MIN_AGE + 1][residence.size()][ned];
        for (int g = 0; g < ageGroupFine.size(); g++) {
            double[] restrictedEligible = new double[ned];
            for (int ed = 0; ed < ned; ed++) {
                for (int a = Math.max(ageGroupFineLow[g], minimumAgeForEducation[ed]); a <= ageGroupFineHigh[g]; a++) {
                    restrictedEligible[ed] += ageGivenGroup[g][a - MIN_AGE];
                }
            }
            for (int s = 0; s < sex.size(); s++) {
                for (int res = 0; res < residence.size(); res++) {
                    double[] p = byGroup[s][g][res];
                    double unrestrictedMass = 0;
                    for (int ed = 0; ed < ned; ed++) {
                        if (minimumAgeForEducation[ed] <= ageGroupFineLow[g]) {
                            unrestrictedMass += p[ed];
                        }
                    }
                    for (int a = ageGroupFineLow[g]; a <= ageGroupFineHigh[g]; a++) {
                        double[] row = out[s][a - MIN_AGE][res];
                        double restricted = 0;
                        for (int ed = 0; ed < ned; ed++) {
                            if (minimumAgeForEducation[ed] > ageGroupFineLow[g]) {
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
                            if (minimumAgeForEducation[ed] <= ageGroupFineLow[g]) {
                                row[ed] = unrestrictedMass == 0 ? 0 : p[ed] / unrestrictedMass * (1 - restricted);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Labour status by [sex][fine group][education][status], fitted by IPF (see the class comment). */
    private double[][][][] fitLabour(TableReader tables, double[][][][] educationByGroup) {
        double[][][] prior = tables.conditional("labour_status_given_sex_age_group", sex, ageGroupFine, labour);
        JsonNode oddsNode = tables.table("education_of_employed").path("employment_odds_by_education");
        double[] odds = new double[education.size()];
        for (int ed = 0; ed < education.size(); ed++) {
            JsonNode o = oddsNode.path(education.id(ed));
            if (!o.isNumber() || o.asDouble() <= 0) {
                throw CensusDataException.inTable("education_of_employed", "[employment_odds_by_education]",
                        "missing or non-positive odds for education '" + education.id(ed) + "'");
            }
            odds[ed] = o.asDouble();
        }
        double[][][] population = populationBySexGroupResidence();
        int ns = sex.size();
        int ng = ageGroupFine.size();
        int ned = education.size();
        int nl = labour.size();
        int employed = labour.indexOf("employed");
        double[] seed = new double[ns * ng * ned * nl];
        double[] sexGroupLabour = new double[ns * ng * nl];
        double[] sexGroupEducation = new double[ns * ng * ned];
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                double sg = 0;
                for (int res = 0; res < residence.size(); res++) {
                    sg += population[s][g][res];
                    for (int ed = 0; ed < ned; ed++) {
                        sexGroupEducation[(s * ng + g) * ned + ed] += population[s][g][res]
                                * educationByGroup[s][g][res][ed];
                    }
                }
                for (int l = 0; l < nl; l++) {
                    sexGroupLabour[(s * ng + g) * nl + l] = sg * prior[s][g][l];
                }
                for (int ed = 0; ed < ned; ed++) {
                    for (int l = 0; l < nl; l++) {
                        seed[((s * ng + g) * ned + ed) * nl + l] = sexGroupEducation[(s * ng + g) * ned + ed]
                                * prior[s][g][l] * (l == employed ? odds[ed] : 1.0);
                    }
                }
            }
        }
        Ipf.Fit fit = Ipf.fit("labour status by sex x age group x education (adults)", seed,
                new int[] {ns, ng, ned, nl},
                List.of(new Ipf.Margin("labour_status_given_sex_age_group x population", new int[] {0, 1, 3},
                                sexGroupLabour),
                        new Ipf.Margin("education by sex x age group", new int[] {0, 1, 2}, sexGroupEducation)),
                IPF_TOLERANCE, IPF_MAX_ITERATIONS);
        fits.add(fit);
        // A sex x age x education cell without people (no tertiary degree at 18-19) keeps the prior's row.
        return conditionalOnLast(fit.table(), new int[] {ns, ng, ned, nl}, (s, g, ed) -> prior[s][g]);
    }

    private void recordProvenance(TableReader tables) {
        String[][] used = {
            {"region", "region (adult shares derived with the age structure by ethnicity)"},
            {"residence_given_region", "urban/rural within region"},
            {"ethnicity_given_region_residence", "ethnicity within region and residence (IPF seed)"},
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
                "cuatm_classifier_2025_with_census_2014_uat_counts", "1,525 censused localities",
                "locality within district and residence"));
        provenance.put("occupations-ro", new TableProvenance("occupations-ro", "curated_labels",
                occupations.titles().size() + " job titles by ISCO-08 group", "job title wording (both genders)"));
        provenance.put("isco_major_given_sex", new TableProvenance("isco_major_given_sex", "modelled_assumption",
                "employed adults 18+", "sex split of each occupation group (IPF with isco_major_given_education)"));
        provenance.put("job_title_rules", new TableProvenance("job_title_rules", "curated_judgement",
                "employed adults 18+", "title head-count and female share (anchored on admin_counts, "
                + "nbs_stats_via_press, lfs_2022_gender_via_press)"));
        provenance.put("job_title_entry_rules", new TableProvenance("job_title_entry_rules", "legal_rule",
                "employed adults 18+", "age bounds and degree of regulated titles (medicine, law, military, driving)"));
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
        return ageGroupFineLow[g];
    }

    public int ageGroupFineHigh(int g) {
        return ageGroupFineHigh[g];
    }

    /** Index in {@link #AGE_GROUPS} of a fine age group. */
    public int ageGroupOfFine(int g) {
        return ageGroupOfFine[g];
    }

    public CategorySet district() {
        return geography.district();
    }

    /** Adults by region x residence x ethnicity x fine age group, flattened in that order; sums to 1. */
    public double[] adultJoint() {
        return adultJoint;
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

    public double[][] usualLanguageGivenMotherTongue() {
        return usualLanguageGivenMotherTongue;
    }

    public double[][] religionGivenEthnicity() {
        return religionGivenEthnicity;
    }

    /** [sex][age - 18][residence][education]. */
    public double[][][][] educationGivenSexAgeResidence() {
        return educationGivenSexAgeResidence;
    }

    /** [sex][fine group][education][labour status]. */
    public double[][][][] labourGivenSexGroupEducation() {
        return labourGivenSexGroupEducation;
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

    /** Every reference table the model uses, with its provenance label, in the order of use. */
    public Map<String, TableProvenance> provenance() {
        return Collections.unmodifiableMap(provenance);
    }
}
