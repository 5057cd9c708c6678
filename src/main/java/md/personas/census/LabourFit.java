package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Labour status by sex x age group x region x residence x education, fitted by one IPF. Seed:
 * {@code labour_status_given_sex_age_group} with the employed tilted by the LFS employment odds by education
 * ({@code education_of_employed}). Margins: the sex x age x labour prior; the sex x age x region x residence x
 * education joint ({@link EducationFit}); the employed aged 20-64 by residence at the LFS 2024 urban and rural
 * employment rates; the employed by region ({@code place-joints.json} employment_region: the LFS 2024 share of the
 * employed in each region over the region's share of the LFS's own population base, applied to the model's
 * population). The last two are scaled to the model's national employed, so the national labour marginal does
 * not move.
 */
final class LabourFit {

    private LabourFit() {
    }

    /**
     * P(status | sex, fine group, region, residence, education), [sex][group][region][residence][education][status];
     * {@code population} is the adults by [sex][group][region][education place kind].
     */
    static double[][][][][][] fit(TableReader tables, JsonNode placeJoints, EducationFit education,
                                  double[][][][] population, FineAgeGroups groups, CategorySet sex,
                                  CategorySet region, CategorySet residence, CategorySet educationLevels,
                                  CategorySet labour, List<Ipf.Fit> fits) {
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
        int nr = region.size();
        int nres = residence.size();
        int nl = labour.size();
        int employed = labour.indexOf("employed");
        int[] regionGroup = new int[nr];
        double[] intensity = regionIntensity(tables, placeJoints, region, regionGroup);
        double[] seed = new double[ns * ng * nr * nres * ned * nl];
        double[] sexGroupLabour = new double[ns * ng * nl];
        double[] placeEducation = new double[ns * ng * nr * nres * ned];
        int[] employed2064 = new int[seed.length];
        int[] employedRegion = new int[seed.length];
        double[] working2064 = new double[nres];
        double[] adultsOfGroup = new double[intensity.length];
        double modelEmployed2064 = 0;
        double modelEmployed = 0;
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                boolean in2064 = groups.low(g) >= 20 && groups.high(g) <= 64;
                double sg = 0;
                for (int r = 0; r < nr; r++) {
                    for (int k = 0; k < population[s][g][r].length; k++) {
                        double p = population[s][g][r][k];
                        int res = education.residenceOf(k);
                        sg += p;
                        working2064[res] += in2064 ? p : 0;
                        adultsOfGroup[regionGroup[r]] += p;
                        for (int ed = 0; ed < ned; ed++) {
                            placeEducation[(((s * ng + g) * nr + r) * nres + res) * ned + ed]
                                    += p * education.byGroup()[s][g][k][ed];
                        }
                    }
                }
                for (int l = 0; l < nl; l++) {
                    sexGroupLabour[(s * ng + g) * nl + l] = sg * prior[s][g][l];
                }
                modelEmployed2064 += in2064 ? sg * prior[s][g][employed] : 0;
                modelEmployed += sg * prior[s][g][employed];
                for (int r = 0; r < nr; r++) {
                    for (int res = 0; res < nres; res++) {
                        for (int ed = 0; ed < ned; ed++) {
                            int cell = (((s * ng + g) * nr + r) * nres + res) * ned + ed;
                            for (int l = 0; l < nl; l++) {
                                int c = cell * nl + l;
                                seed[c] = placeEducation[cell] * prior[s][g][l] * (l == employed ? odds[ed] : 1.0);
                                employed2064[c] = in2064 && l == employed ? res : -1;
                                employedRegion[c] = l == employed ? regionGroup[r] : -1;
                            }
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
        double relative = 0;
        for (int q = 0; q < intensity.length; q++) {
            relative += intensity[q] * adultsOfGroup[q];
        }
        double[] regionTarget = new double[intensity.length];
        for (int q = 0; q < intensity.length; q++) {
            regionTarget[q] = intensity[q] * adultsOfGroup[q] * modelEmployed / relative;
        }
        Ipf.Fit fit = Ipf.fit("labour status by sex x age group x region x residence x education (adults)", seed,
                new int[] {ns, ng, nr, nres, ned, nl},
                List.of(new Ipf.Margin("labour_status_given_sex_age_group x population", new int[] {0, 1, 5},
                                sexGroupLabour),
                        new Ipf.Margin("education by sex x age group x region x residence", new int[] {0, 1, 2, 3, 4},
                                placeEducation),
                        Ipf.Margin.grouped("labour_force_2024 employment rate 20-64 by residence", employed2064,
                                employedTarget),
                        Ipf.Margin.grouped("employment_region: employed by region (LFS 2024)", employedRegion,
                                regionTarget)),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        fits.add(fit);
        double[][][][][][] out = new double[ns][ng][nr][nres][ned][nl];
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                for (int r = 0; r < nr; r++) {
                    for (int res = 0; res < nres; res++) {
                        for (int ed = 0; ed < ned; ed++) {
                            int offset = ((((s * ng + g) * nr + r) * nres + res) * ned + ed) * nl;
                            double sum = 0;
                            for (int l = 0; l < nl; l++) {
                                sum += fit.table()[offset + l];
                            }
                            for (int l = 0; l < nl; l++) {
                                // A cell without people (no degree at 18-19) keeps the prior's row.
                                out[s][g][r][res][ed][l] = sum == 0 ? prior[s][g][l] : fit.table()[offset + l] / sum;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The employment intensity of each group of regions ({@code regionGroup} receives each region's group): its
     * LFS 2024 share of the employed over its share of the LFS's population base (the 1 Jan 2024 estimate shares of
     * {@code districts}), i.e. its employment rate relative to the nation's. Applied to the model's own (census)
     * population, so the differences in population base between the LFS and the census do not move the rates.
     */
    private static double[] regionIntensity(TableReader tables, JsonNode placeJoints, CategorySet region,
                                            int[] regionGroup) {
        java.util.Arrays.fill(regionGroup, -1);
        JsonNode rows = placeJoints.path("employment_region").path("employed_share_by_region");
        double[] base = new double[region.size()];
        for (JsonNode d : tables.values("districts")) {
            base[region.indexOf(d.path("region").asText())] += d.path("estimate_share_national_2024_01_01").asDouble();
        }
        double[] out = new double[rows.size()];
        for (int q = 0; q < rows.size(); q++) {
            double baseShare = 0;
            for (JsonNode id : rows.get(q).path("regions")) {
                int r = region.indexOf(id.asText());
                if (r < 0 || regionGroup[r] >= 0) {
                    throw new CensusDataException("place-joints.json: employment_region lists region '" + id.asText()
                            + "' unknown or twice");
                }
                regionGroup[r] = q;
                baseShare += base[r];
            }
            double share = rows.get(q).path("share").asDouble(-1);
            if (!(share > 0) || !(baseShare > 0)) {
                throw new CensusDataException("place-joints.json: employment_region row " + q + " needs a positive "
                        + "share of regions with a population");
            }
            out[q] = share / baseShare;
        }
        for (int r = 0; r < region.size(); r++) {
            if (regionGroup[r] < 0) {
                throw new CensusDataException("place-joints.json: employment_region has no row for region '"
                        + region.id(r) + "'");
            }
        }
        return out;
    }
}
