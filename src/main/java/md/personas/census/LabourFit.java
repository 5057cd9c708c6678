package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Labour status by sex x age group x residence x education, fitted by one IPF. Seed:
 * {@code labour_status_given_sex_age_group} with the employed tilted by the LFS employment odds by education
 * ({@code education_of_employed}). Margins: the sex x age x labour prior; the sex x age x residence x education
 * joint ({@link EducationFit}); the employed aged 20-64 by residence at the LFS 2024 urban and rural employment
 * rates, scaled together to the model's national employed 20-64 (so the national labour marginal does not move).
 */
final class LabourFit {

    private LabourFit() {
    }

    /** P(status | sex, fine group, residence, education), [sex][group][residence][education][status]. */
    static double[][][][][] fit(TableReader tables, EducationFit education, double[][][] population,
                                FineAgeGroups groups, CategorySet sex, CategorySet residence,
                                CategorySet educationLevels, CategorySet labour, List<Ipf.Fit> fits) {
        double[][][] prior = tables.conditional("labour_status_given_sex_age_group", sex, groups.categories(), labour);
        JsonNode oddsNode = tables.table("education_of_employed").path("employment_odds_by_education");
        int ned = educationLevels.size();
        double[] odds = new double[ned];
        for (int ed = 0; ed < ned; ed++) {
            JsonNode o = oddsNode.path(educationLevels.id(ed));
            if (!o.isNumber() || o.asDouble() <= 0) {
                throw CensusDataException.inTable("education_of_employed", "[employment_odds_by_education]",
                        "missing or non-positive odds for education '" + educationLevels.id(ed) + "'");
            }
            odds[ed] = o.asDouble();
        }
        JsonNode lfs = tables.values("labour_force_2024");
        double[] rate = new double[residence.size()];
        for (int res = 0; res < rate.length; res++) {
            String key = "employment_rate_20_64_" + residence.id(res) + "_percent";
            if (!lfs.path(key).isNumber()) {
                throw CensusDataException.inTable("labour_force_2024", "[]", "missing '" + key + "'");
            }
            rate[res] = lfs.path(key).asDouble() / 100;
        }
        int ns = sex.size();
        int ng = groups.size();
        int nres = residence.size();
        int nl = labour.size();
        int employed = labour.indexOf("employed");
        double[] seed = new double[ns * ng * nres * ned * nl];
        double[] sexGroupLabour = new double[ns * ng * nl];
        double[] sexGroupResidenceEducation = new double[ns * ng * nres * ned];
        int[] employed2064 = new int[seed.length];
        double[] working2064 = new double[nres];
        double modelEmployed2064 = 0;
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                boolean in2064 = groups.low(g) >= 20 && groups.high(g) <= 64;
                double sg = 0;
                for (int k = 0; k < population[s][g].length; k++) {
                    double p = population[s][g][k];
                    int res = education.residenceOf(k);
                    sg += p;
                    working2064[res] += in2064 ? p : 0;
                    for (int ed = 0; ed < ned; ed++) {
                        sexGroupResidenceEducation[((s * ng + g) * nres + res) * ned + ed]
                                += p * education.byGroup()[s][g][k][ed];
                    }
                }
                for (int l = 0; l < nl; l++) {
                    sexGroupLabour[(s * ng + g) * nl + l] = sg * prior[s][g][l];
                }
                modelEmployed2064 += in2064 ? sg * prior[s][g][employed] : 0;
                for (int res = 0; res < nres; res++) {
                    for (int ed = 0; ed < ned; ed++) {
                        for (int l = 0; l < nl; l++) {
                            int c = (((s * ng + g) * nres + res) * ned + ed) * nl + l;
                            seed[c] = sexGroupResidenceEducation[((s * ng + g) * nres + res) * ned + ed]
                                    * prior[s][g][l] * (l == employed ? odds[ed] : 1.0);
                            employed2064[c] = in2064 && l == employed ? res : -1;
                        }
                    }
                }
            }
        }
        double lfsEmployed = 0;
        for (int res = 0; res < nres; res++) {
            lfsEmployed += rate[res] * working2064[res];
        }
        double[] employedTarget = new double[nres];
        for (int res = 0; res < nres; res++) {
            employedTarget[res] = rate[res] * working2064[res] * modelEmployed2064 / lfsEmployed;
        }
        Ipf.Fit fit = Ipf.fit("labour status by sex x age group x residence x education (adults)", seed,
                new int[] {ns, ng, nres, ned, nl},
                List.of(new Ipf.Margin("labour_status_given_sex_age_group x population", new int[] {0, 1, 4},
                                sexGroupLabour),
                        new Ipf.Margin("education by sex x age group x residence", new int[] {0, 1, 2, 3},
                                sexGroupResidenceEducation),
                        Ipf.Margin.grouped("labour_force_2024 employment rate 20-64 by residence", employed2064,
                                employedTarget)),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        fits.add(fit);
        double[][][][][] out = new double[ns][ng][nres][ned][nl];
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                for (int res = 0; res < nres; res++) {
                    for (int ed = 0; ed < ned; ed++) {
                        int offset = (((s * ng + g) * nres + res) * ned + ed) * nl;
                        double sum = 0;
                        for (int l = 0; l < nl; l++) {
                            sum += fit.table()[offset + l];
                        }
                        for (int l = 0; l < nl; l++) {
                            // A cell without people (no degree at 18-19) keeps the prior's row.
                            out[s][g][res][ed][l] = sum == 0 ? prior[s][g][l] : fit.table()[offset + l] / sum;
                        }
                    }
                }
            }
        }
        return out;
    }
}
