package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The job of an employed persona: its title drawn from sex, single age and education, then its sector from the
 * title and sex, then its field of study.
 *
 * <ol>
 *   <li>P(ISCO group | sex, education) is an IPF fit of the seed P(group | education) x P(group | sex) to three
 *       margins: the employed by sex x education (the model's own labour joint), group x education
 *       ({@code isco_major_given_education}) and group x sex (the reference's modelled {@code isco_major_given_sex},
 *       raked to the model's employed by sex and by group). So the group marginal is unchanged and every group gets
 *       its female share.</li>
 *   <li>Within a group, a title weighs its estimated head-count times its female share (for a woman) or male share
 *       (for a man), over the titles a persona of that age and education may hold: the hard rules of
 *       {@link TitleRules} (age bounds, a degree, an education with a field where the title demands one, and past
 *       the retirement age only titles where working pensioners are common). A title closed by education or youth
 *       leaves its share to its group's open titles; one closed by old age leaves it to every group in proportion
 *       (the reference's "resample the group", applied per title).</li>
 *   <li>Sector | title, sex from the title's sector split and per-sector female shares.</li>
 *   <li>Field of study | sex, education, title: the title's demanded field where it has one, otherwise
 *       {@link FieldOfStudyModel}.</li>
 * </ol>
 * Every distribution is exact and enumerable, so the census targets, the sampler and the rules share it.
 */
public final class OccupationModel {

    /** Statutory retirement age in 2024: men 63, women 61 (from 1 July 2024). */
    public static final int RETIREMENT_AGE_MEN = 63;
    public static final int RETIREMENT_AGE_WOMEN = 61;
    private static final int CALIBRATION_ROUNDS = 12;
    private static final double MAX_MULTIPLIER = 20;

    private final CensusModel model;
    private final List<JobTitle> titles;
    private final TitleRules[] rules;
    private final boolean[] female;
    private final int tertiary;
    private final double[][][] groupGivenSexEducation;
    /** [sex][age - MIN_AGE][education] -> index into {@link #distributions}. */
    private final int[][][] tableIndex;
    private final List<double[]> distributions = new ArrayList<>();
    private final double[][][] sectorGivenTitleSex;
    private final double[][][][] fieldGivenSexEducationTitle;
    private final double[][] femaleShareTarget;
    /** Per title: its ISCO major group; and [education][title]: whether the education admits the title. */
    private final int[] groupOf;
    private final boolean[][] educationOpen;
    private final double[] multiplier;
    private final double[][][] employedMass;
    private List<boolean[]> openTitles;
    private final CapitalTitleRule capitalRule;
    /** Per locality of {@link Geography#localities()}: whether it is the capital city. */
    private final boolean[] capitalLocality;
    /** [place: 0 rest of the country, 1 capital city][sex][age - MIN_AGE][education] -> {@link #distributions}. */
    private final int[][][][] placeTableIndex;
    /** [sex][age - MIN_AGE][education]: the capital city's share of the cell's employed. */
    private double[][][] capitalShare;
    private final List<Cell> cellOf = new ArrayList<>();
    private final Ipf.Fit fit;

    OccupationModel(CensusModel model, JsonNode occupationFile) {
        this.model = model;
        this.titles = model.occupations().titles();
        int ns = model.sex().size();
        int ned = model.education().size();
        int nk = model.isco().size();
        int nsec = model.sector().size();
        int nAges = CensusModel.MAX_AGE - CensusModel.MIN_AGE + 1;
        female = new boolean[ns];
        for (int s = 0; s < ns; s++) {
            female[s] = "F".equals(model.sex().id(s));
        }
        tertiary = model.education().indexOf("tertiary");
        rules = readRules(occupationFile, model);
        groupOf = new int[titles.size()];
        educationOpen = new boolean[ned][titles.size()];
        for (int t = 0; t < titles.size(); t++) {
            groupOf[t] = titles.get(t).iscoMajor();
            for (int ed = 0; ed < ned; ed++) {
                educationOpen[ed][t] = educationAllows(t, ed);
            }
        }

        // Employed adults by sex x single age x education, from the model's own joint.
        double[][][] employed = employedIn(model, null);
        employedMass = employed;
        double[] sexEducation = new double[ns * ned];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nAges; a++) {
                for (int ed = 0; ed < ned; ed++) {
                    sexEducation[s * ned + ed] += employed[s][a][ed];
                }
            }
        }
        fit = fitGroups(occupationFile, sexEducation, ns, ned, nk);
        groupGivenSexEducation = new double[ns][ned][nk];
        for (int s = 0; s < ns; s++) {
            for (int ed = 0; ed < ned; ed++) {
                double total = sexEducation[s * ned + ed];
                for (int k = 0; k < nk; k++) {
                    groupGivenSexEducation[s][ed][k] = total > 0
                            ? fit.table()[(s * ned + ed) * nk + k] / total : model.iscoGivenEducation()[ed][k];
                }
            }
        }

        tableIndex = new int[ns][nAges][ned];
        femaleShareTarget = new double[nk][2];
        multiplier = new double[titles.size()];
        Arrays.fill(multiplier, 1);
        calibrateAnchoredTitles(occupationFile.path("title_rules").path("employed_thousands_lfs_2024").asDouble(0),
                employed);
        capitalRule = new CapitalTitleRule(occupationFile, titles, rules, model.sector());
        List<Locality> places = model.geography().localities();
        capitalLocality = new boolean[places.size()];
        for (int l = 0; l < places.size(); l++) {
            capitalLocality[l] = model.geography().uatOf(l).equals(capitalRule.capitalUat());
        }
        placeTableIndex = splitByPlace(employed, employedIn(model, capitalLocality));

        sectorGivenTitleSex = new double[titles.size()][ns][];
        for (int t = 0; t < titles.size(); t++) {
            for (int s = 0; s < ns; s++) {
                double[] p = new double[nsec];
                for (int sec = 0; sec < nsec; sec++) {
                    double fs = rules[t].femaleShareBySector()[sec];
                    p[sec] = rules[t].sectorSplit()[sec] * (female[s] ? fs : 1 - fs);
                }
                // A title one sex never holds in a sector split (Preot for a woman) is never drawn for that sex;
                // keep its split so that the row is still a distribution.
                sectorGivenTitleSex[t][s] = Arrays.stream(p).sum() > 0 ? normalise(p)
                        : normalise(rules[t].sectorSplit().clone());
            }
        }
        fieldGivenSexEducationTitle = new double[ns][ned][titles.size()][];
        FieldOfStudyModel fields = model.fieldOfStudy();
        for (int s = 0; s < ns; s++) {
            for (int ed = 0; ed < ned; ed++) {
                for (int t = 0; t < titles.size(); t++) {
                    int demanded = rules[t].requiredField();
                    double[] p;
                    if (demanded >= 0 && fields.hasField(ed)) {
                        p = new double[fields.field().size()];
                        p[demanded] = 1;
                    } else {
                        p = fields.distribution(s, ed, titles.get(t));
                    }
                    fieldGivenSexEducationTitle[s][ed][t] = p;
                }
            }
        }
    }

    /**
     * Titles whose head-count is anchored on a statistic (physicians, teachers, police, army) get the share of the
     * employed that head-count implies; a group's judgement titles share the rest. Without this, a group whose
     * listed head-counts add up to more than the group (isco_2: 189k listed, 158k in the LFS) shrinks the counted
     * titles with the guessed ones. A few rounds of proportional fitting; the multiplier is capped at 20.
     */
    private void calibrateAnchoredTitles(double employedThousands, double[][][] employed) {
        double total = 0;
        for (double[][] bySex : employed) {
            for (double[] byAge : bySex) {
                total += Arrays.stream(byAge).sum();
            }
        }
        for (int round = 0; ; round++) {
            double[] expected = build(employed);
            if (round == CALIBRATION_ROUNDS || employedThousands <= 0) {
                return;
            }
            for (int t = 0; t < titles.size(); t++) {
                if (anchored(rules[t]) && expected[t] > 0) {
                    double target = total * rules[t].estimatedThousands() / employedThousands;
                    multiplier[t] = Math.min(MAX_MULTIPLIER, multiplier[t] * target / expected[t]);
                }
            }
        }
    }

    private static boolean anchored(TitleRules r) {
        return switch (r.weightBasis()) {
            case "statistic", "anchored_judgement", "structural_fact" -> true;
            default -> false;
        };
    }

    /** Builds the title distributions with the current multipliers; returns the expected mass of each title. */
    private double[] build(double[][][] employed) {
        if (openTitles == null) {
            openTitles = openTitleSets();
        }
        distributions.clear();
        for (double[] f : femaleShareTarget) {
            Arrays.fill(f, 0);
        }
        // Run thirteen times at start-up over 266 title sets x 310 titles, the largest part of the model's start-up:
        // the weights and groups are read once per round, not once per (set, title) (same values, same order of sums).
        double[][] weightBySex = new double[female.length][titles.size()];
        for (int s = 0; s < female.length; s++) {
            for (int t = 0; t < titles.size(); t++) {
                weightBySex[s][t] = weight(t, female[s]);
            }
        }
        for (int i = 0; i < openTitles.size(); i++) {
            Cell c = cellOf.get(i);
            distributions.add(titleDistribution(weightBySex[c.sex()], c.sex(), c.education(), openTitles.get(i),
                    c.populated(), c.age()));
        }
        double[] expected = new double[titles.size()];
        for (int s = 0; s < tableIndex.length; s++) {
            int sexColumn = female[s] ? 1 : 0;
            for (int a = 0; a < tableIndex[s].length; a++) {
                for (int ed = 0; ed < tableIndex[s][a].length; ed++) {
                    double[] p = distributions.get(tableIndex[s][a][ed]);
                    double cellMass = employed[s][a][ed];
                    for (int t = 0; t < p.length; t++) {
                        double mass = cellMass * p[t];
                        expected[t] += mass;
                        femaleShareTarget[groupOf[t]][sexColumn] += mass;
                    }
                }
            }
        }
        return expected;
    }

    /** The cell that first opened a set of titles (its age sets the denominators of the title distribution). */
    private record Cell(int sex, int age, int education, boolean populated) { }

    /**
     * The distinct sets of open titles, in order, and each (sex, age, education) cell's index into them; they do
     * not depend on the calibration, so they are computed once. Consecutive ages share a set until a bound is
     * crossed.
     */
    private List<boolean[]> openTitleSets() {
        List<boolean[]> sets = new ArrayList<>();
        for (int s = 0; s < tableIndex.length; s++) {
            for (int ed = 0; ed < model.education().size(); ed++) {
                boolean[] previous = null;
                boolean populated = false;
                for (int a = 0; a < tableIndex[s].length; a++) {
                    boolean[] allowed = new boolean[titles.size()];
                    for (int t = 0; t < titles.size(); t++) {
                        allowed[t] = allowed(t, female[s], CensusModel.MIN_AGE + a, ed);
                    }
                    if (previous == null || !Arrays.equals(previous, allowed)) {
                        sets.add(allowed);
                        cellOf.add(new Cell(s, CensusModel.MIN_AGE + a, ed, false));
                        previous = allowed;
                    }
                    tableIndex[s][a][ed] = sets.size() - 1;
                    if (employedMass[s][a][ed] > 0 && !cellOf.get(sets.size() - 1).populated()) {
                        Cell c = cellOf.get(sets.size() - 1);
                        cellOf.set(sets.size() - 1, new Cell(c.sex(), c.age(), c.education(), true));
                    }
                }
            }
        }
        return sets;
    }

    private static TitleRules[] readRules(JsonNode file, CensusModel model) {
        List<JobTitle> titles = model.occupations().titles();
        TitleRules[] out = new TitleRules[titles.size()];
        List<JsonNode> nodes = new ArrayList<>();
        for (int g = 0; g < model.isco().size(); g++) {
            file.path("groups").path(model.isco().id(g)).path("titles").forEach(nodes::add);
        }
        CategorySet sector = model.sector();
        CategorySet field = model.fieldOfStudy().field();
        for (int t = 0; t < titles.size(); t++) {
            JsonNode node = nodes.get(t);
            String where = "occupations-ro.json: title '" + titles.get(t).masculine() + "'";
            JsonNode r = node.path("rules");
            if (!r.isObject() || !r.path("est_employed_thousands").isNumber() || !r.path("female_share").isNumber()
                    || !r.path("min_age").isInt() || !r.path("max_age").isInt()) {
                throw new CensusDataException(where + " needs rules with est_employed_thousands, female_share, "
                        + "min_age and max_age");
            }
            double fs = r.path("female_share").asDouble();
            double[] split = new double[sector.size()];
            double[] fsBySector = new double[sector.size()];
            Arrays.fill(fsBySector, fs);
            r.path("sector_split").properties().forEach(e -> {
                if (!sector.contains(e.getKey())) {
                    throw new CensusDataException(where + " has unknown sector '" + e.getKey() + "' in sector_split");
                }
                split[sector.indexOf(e.getKey())] = e.getValue().asDouble();
            });
            r.path("female_share_by_sector").properties().forEach(e -> {
                if (sector.contains(e.getKey())) {
                    fsBySector[sector.indexOf(e.getKey())] = e.getValue().asDouble();
                }
            });
            if (Arrays.stream(split).sum() <= 0) {
                throw new CensusDataException(where + " needs a sector_split with a positive share");
            }
            int demanded = -1;
            if (r.has("required_field")) {
                String id = r.path("required_field").asText();
                if (!field.contains(id)) {
                    throw new CensusDataException(where + " demands unknown field_of_study '" + id + "'");
                }
                demanded = field.indexOf(id);
            }
            out[t] = new TitleRules(r.path("est_employed_thousands").asDouble(), fs, r.path("min_age").asInt(),
                    r.path("max_age").asInt(), r.path("requires_tertiary").asBoolean(),
                    r.path("pensioner_common").asBoolean(), split, fsBySector, demanded,
                    r.path("weight_basis").asText(), r.path("female_share_basis").asText(),
                    r.path("age_basis").asText());
        }
        return out;
    }

    /**
     * Employed adults by sex x single age x education, from the model's own joint; only those living in the marked
     * localities when {@code inLocality} is not null.
     */
    private static double[][][] employedIn(CensusModel m, boolean[] inLocality) {
        int ned = m.education().size();
        int job = m.labour().indexOf("employed");
        double[][][] out = new double[m.sex().size()][CensusModel.MAX_AGE - CensusModel.MIN_AGE + 1][ned];
        AdultJoint joint = m.adultJoint();
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            int s = cell.sex();
            int g = cell.group();
            int res = cell.residence();
            int place = m.educationPlaceKind(res, cell.district(), cell.ethnicity());
            double where = inLocality == null ? 1 : localityShare(m, cell, inLocality);
            if (where == 0) {
                continue;
            }
            for (int a = m.ageGroupFineLow(g); a <= m.ageGroupFineHigh(g); a++) {
                double pa = where * joint.share(c) * m.ageGivenGroup()[g][a - CensusModel.MIN_AGE];
                for (int ed = 0; ed < ned; ed++) {
                    out[s][a - CensusModel.MIN_AGE][ed] += pa
                            * m.educationGivenSexAgePlace()[s][a - CensusModel.MIN_AGE][place][ed]
                            * m.labourGivenSexGroupRegionResidenceEducation()[s][g][cell.region()][res][ed][job];
                }
            }
        }
        return out;
    }

    /** P(locality in the marked set | district, residence, ethnicity of the cell). */
    private static double localityShare(CensusModel m, AdultJoint.Cell cell, boolean[] inLocality) {
        int[] pool = m.geography().pool(cell.district(), cell.residence());
        double[] w = m.localityGivenPlaceEthnicity(cell.district(), cell.residence(), cell.ethnicity());
        double share = 0;
        for (int i = 0; i < pool.length; i++) {
            if (inLocality[pool[i]]) {
                share += w[i];
            }
        }
        return share;
    }

    /**
     * The capital city's and the rest of the country's title tables of every (sex, age, education) cell (see
     * {@link CapitalTitleRule}); appended to {@link #distributions} after the national ones.
     */
    private int[][][][] splitByPlace(double[][][] employed, double[][][] inCapital) {
        int ns = tableIndex.length;
        int nAges = tableIndex[0].length;
        int ned = tableIndex[0][0].length;
        int[][][][] out = new int[2][ns][nAges][ned];
        capitalShare = new double[ns][nAges][ned];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nAges; a++) {
                for (int ed = 0; ed < ned; ed++) {
                    int national = tableIndex[s][a][ed];
                    double c = employed[s][a][ed] > 0 ? inCapital[s][a][ed] / employed[s][a][ed] : 0;
                    capitalShare[s][a][ed] = c;
                    if (!(c > 0)) {
                        out[0][s][a][ed] = national;
                        out[1][s][a][ed] = national;
                        continue;
                    }
                    distributions.add(capitalRule.capital(distributions.get(national), Math.min(1, c)));
                    int capital = distributions.size() - 1;
                    out[1][s][a][ed] = capital;
                    if (c >= 1) {
                        out[0][s][a][ed] = national; // nobody of this cell lives elsewhere: never drawn there
                        continue;
                    }
                    distributions.add(capitalRule.rest(distributions.get(national), distributions.get(capital), c,
                            model.sex().id(s) + " aged " + (CensusModel.MIN_AGE + a) + " with education "
                                    + model.education().id(ed)));
                    out[0][s][a][ed] = distributions.size() - 1;
                }
            }
        }
        return out;
    }

    private Ipf.Fit fitGroups(JsonNode file, double[] sexEducation, int ns, int ned, int nk) {
        JsonNode bySex = file.path("isco_major_given_sex").path("values");
        double[][] groupGivenSex = new double[ns][nk];
        for (int s = 0; s < ns; s++) {
            for (int k = 0; k < nk; k++) {
                JsonNode v = bySex.path(model.sex().id(s)).path(model.isco().id(k));
                if (!v.isNumber()) {
                    throw CensusDataException.inTable("isco_major_given_sex", "[" + model.sex().id(s) + "]",
                            "missing value for isco_major '" + model.isco().id(k) + "'");
                }
                groupGivenSex[s][k] = v.asDouble();
            }
        }
        double[] bySexTotal = new double[ns];
        double[] byEducation = new double[ned];
        for (int s = 0; s < ns; s++) {
            for (int ed = 0; ed < ned; ed++) {
                bySexTotal[s] += sexEducation[s * ned + ed];
                byEducation[ed] += sexEducation[s * ned + ed];
            }
        }
        double[] educationGroup = new double[ned * nk];
        double[] group = new double[nk];
        for (int ed = 0; ed < ned; ed++) {
            for (int k = 0; k < nk; k++) {
                educationGroup[ed * nk + k] = byEducation[ed] * model.iscoGivenEducation()[ed][k];
                group[k] += educationGroup[ed * nk + k];
            }
        }
        // Sex x group: the reference's sex split of each group, raked to this model's employed by sex and group.
        double[] sexGroupSeed = new double[ns * nk];
        for (int k = 0; k < nk; k++) {
            double men = groupGivenSex[model.sex().indexOf("M")][k];
            double women = groupGivenSex[model.sex().indexOf("F")][k];
            for (int s = 0; s < ns; s++) {
                double share = (female[s] ? women : men) / (men + women);
                sexGroupSeed[s * nk + k] = group[k] * share;
            }
        }
        Ipf.Fit sexGroup = Ipf.fit("employed by sex x ISCO group", sexGroupSeed, new int[] {ns, nk},
                List.of(new Ipf.Margin("employed by sex", new int[] {0}, bySexTotal),
                        new Ipf.Margin("isco_major_given_education x employed", new int[] {1}, group)),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        double[] seed = new double[ns * ned * nk];
        for (int s = 0; s < ns; s++) {
            for (int ed = 0; ed < ned; ed++) {
                for (int k = 0; k < nk; k++) {
                    seed[(s * ned + ed) * nk + k] = sexEducation[s * ned + ed] * model.iscoGivenEducation()[ed][k]
                            * (group[k] > 0 ? sexGroup.table()[s * nk + k] / group[k] : 0);
                }
            }
        }
        return Ipf.fit("ISCO group by sex x education (employed)", seed, new int[] {ns, ned, nk},
                List.of(new Ipf.Margin("employed by sex x education", new int[] {0, 1}, sexEducation),
                        new Ipf.Margin("isco_major_given_education x employed", new int[] {1, 2}, educationGroup),
                        new Ipf.Margin("isco_major_given_sex, raked", new int[] {0, 2}, sexGroup.table())),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
    }

    /** P(title | sex, age, education) over the open titles, {@code weights} being {@link #weight} for the sex. */
    private double[] titleDistribution(double[] weights, int s, int ed, boolean[] allowed, boolean populated,
                                       int age) {
        int nk = model.isco().size();
        // Titles closed by education or youth leave their share to the group's open titles (the group | education
        // prior already says who works in it). Titles closed by old age (maximum age, the pensioner rule) keep
        // their share of the group, so a group mostly closed to older workers (machine operators) loses mass to
        // the other groups instead of piling it on its few open titles (drivers).
        double[] withinGroup = new double[titles.size()];
        double[] groupTotal = new double[nk];
        boolean[] open = educationOpen[ed];
        for (int t = 0; t < titles.size(); t++) {
            double w = weights[t];
            if (age >= rules[t].minAge() && open[t]) {
                groupTotal[groupOf[t]] += w;
            }
            if (allowed[t]) {
                withinGroup[t] = w;
            }
        }
        double[] out = new double[titles.size()];
        double mass = 0;
        for (int t = 0; t < titles.size(); t++) {
            int k = groupOf[t];
            if (withinGroup[t] > 0) {
                out[t] = groupGivenSexEducation[s][ed][k] * withinGroup[t] / groupTotal[k];
                mass += out[t];
            }
        }
        if (!(mass > 0)) {
            if (populated) {
                throw new CensusDataException("occupations-ro.json: no job title is open to an employed "
                        + model.sex().id(s) + " aged " + age + " with education " + model.education().id(ed)
                        + " (title rules too strict)");
            }
            return out; // nobody employed in this cell: never drawn
        }
        for (int t = 0; t < out.length; t++) {
            out[t] /= mass;
        }
        return out;
    }

    private double weight(int t, boolean woman) {
        TitleRules r = rules[t];
        return multiplier[t] * r.estimatedThousands() * (woman ? r.femaleShare() : 1 - r.femaleShare());
    }

    private static double[] normalise(double[] p) {
        double sum = Arrays.stream(p).sum();
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Whether a person of this sex, age and education may hold the title (the hard rules). */
    public boolean allowed(int title, boolean woman, int age, int education) {
        TitleRules r = rules[title];
        if (age < r.minAge() || age > r.maxAge() || !educationAllows(title, education)) {
            return false;
        }
        return r.pensionerCommon() || age < retirementAge(woman);
    }

    private boolean educationAllows(int title, int education) {
        TitleRules r = rules[title];
        return (!r.requiresTertiary() || education == tertiary)
                && (r.requiredField() < 0 || model.fieldOfStudy().hasField(education));
    }

    /** Why a person may not hold the title, or null when they may. */
    public String whyNot(int title, boolean woman, int age, int education) {
        TitleRules r = rules[title];
        if (age < r.minAge() || age > r.maxAge()) {
            return "is held from " + r.minAge() + " to " + r.maxAge() + ", not at " + age;
        }
        if (r.requiresTertiary() && education != tertiary) {
            return "requires a tertiary degree";
        }
        if (r.requiredField() >= 0 && !model.fieldOfStudy().hasField(education)) {
            return "requires training in " + model.fieldOfStudy().field().label(r.requiredField());
        }
        if (!r.pensionerCommon() && age >= retirementAge(woman)) {
            return "is not a job of working pensioners (age " + age + ")";
        }
        return null;
    }

    public static int retirementAge(boolean woman) {
        return woman ? RETIREMENT_AGE_WOMEN : RETIREMENT_AGE_MEN;
    }

    public TitleRules rules(int title) {
        return rules[title];
    }

    /** Index into {@link #titleDistributions()} of P(title | employed, sex, age, education). */
    public int titleTable(int sex, int age, int education) {
        return tableIndex[sex][age - CensusModel.MIN_AGE][education];
    }

    /**
     * Index into {@link #titleDistributions()} of P(title | employed, sex, age, education, locality): the capital
     * city's table or the rest of the country's ({@link CapitalTitleRule}); their mixture is
     * {@link #titleDistribution(int, int, int)}.
     */
    public int titleTable(int sex, int age, int education, int locality) {
        return placeTableIndex[capitalLocality[locality] ? 1 : 0][sex][age - CensusModel.MIN_AGE][education];
    }

    /** P(title | employed, sex, age, education, locality). */
    public double[] titleDistribution(int sex, int age, int education, int locality) {
        return distributions.get(titleTable(sex, age, education, locality));
    }

    /** The capital city's share of the employed of a (sex, age, education) cell, under the model. */
    double capitalShare(int sex, int age, int education) {
        return capitalShare[sex][age - CensusModel.MIN_AGE][education];
    }

    /** Whether a locality of {@link Geography#localities()} is the capital city of the capital rule. */
    public boolean inCapital(int locality) {
        return capitalLocality[locality];
    }

    /** How much a title weighs in the capital city relative to the rest (1 for most titles). */
    public double capitalFactor(int title) {
        return capitalRule.factor(title);
    }

    /** The distinct title distributions (over {@code occupations().titles()}); most ages share one. */
    public List<double[]> titleDistributions() {
        return distributions;
    }

    /** P(title | employed, sex, age, education). */
    public double[] titleDistribution(int sex, int age, int education) {
        return distributions.get(titleTable(sex, age, education));
    }

    /** P(sector | title, sex). */
    public double[] sectorDistribution(int title, int sex) {
        return sectorGivenTitleSex[title][sex];
    }

    /** P(field of study | sex, education, title). */
    public double[] fieldDistribution(int sex, int education, int title) {
        return fieldGivenSexEducationTitle[sex][education][title];
    }

    /** The census-model share of women among the employed of an ISCO group (the target the stats compare to). */
    public double femaleShareTarget(int isco) {
        double total = femaleShareTarget[isco][0] + femaleShareTarget[isco][1];
        return total > 0 ? femaleShareTarget[isco][1] / total : 0;
    }

    /** The fit of the group x sex x education prior, for the dataset card. */
    public Ipf.Fit fit() {
        return fit;
    }
}
