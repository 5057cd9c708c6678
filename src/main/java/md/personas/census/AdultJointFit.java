package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The adult joint (district x residence x ethnicity x fine age group x sex), fitted by one IPF. Seed: the
 * all-ages district x residence x ethnicity table ({@link LocalityEthnicityFit}) times each ethnicity's age
 * structure (the communiqué's bands; Roma younger, modelled) times, for each district and residence, the RPL 2014
 * odds of 65+ against 18-64 and of men against women. Margins: the adult district x residence x ethnicity table
 * (all ages times each ethnicity's adult share) and the 2024 national age group x sex. So the 2014 census gives
 * the shape by place (rural older, more men in villages) and 2024 the levels.
 */
final class AdultJointFit {

    private AdultJointFit() {
    }

    /** P(fine age group | ethnicity) over all ages (adult groups only, so a row sums to the adult share). */
    static double[][] groupGivenEthnicity(TableReader tables, JsonNode placeJoints, FineAgeGroups groups,
                                          CategorySet ethnicity) {
        JsonNode bandTable = tables.values("age_band_given_ethnicity");
        JsonNode nationalBands = tables.values("age_band_census_2024");
        JsonNode singleAges = tables.values("population_by_single_age");
        JsonNode romaOdds = placeJoints.path("roma_profile").path("age_band_odds");
        int ne = ethnicity.size();
        int ng = groups.size();
        double[][] out = new double[ne][ng];
        for (int e = 0; e < ne; e++) {
            // Roma and other ethnicities are not in the communiqué extraction: national bands (Roma tilted younger).
            JsonNode bands = bandTable.has(ethnicity.id(e)) ? bandTable.path(ethnicity.id(e)) : nationalBands;
            boolean roma = ethnicity.id(e).equals("roma") && !bandTable.has("roma");
            double total = 1;
            if (roma) {
                total = 0;
                for (var b : nationalBands.properties()) {
                    total += b.getValue().asDouble() * odds(romaOdds, b.getKey());
                }
            }
            for (int g = 0; g < ng; g++) {
                String band = groups.band(g);
                JsonNode p = bands.path(band);
                if (!p.isNumber()) {
                    throw CensusDataException.inTable("age_band_given_ethnicity", "[" + ethnicity.id(e) + "]",
                            "missing age band '" + band + "'");
                }
                double share = roma ? p.asDouble() * odds(romaOdds, band) / total : p.asDouble();
                out[e][g] = share * groups.shareOfBand(singleAges, g);
            }
        }
        return out;
    }

    /** The adult share of each ethnicity: its row of {@link #groupGivenEthnicity} summed. */
    static double[] adultShare(double[][] groupGivenEthnicity) {
        double[] out = new double[groupGivenEthnicity.length];
        for (int e = 0; e < out.length; e++) {
            for (double p : groupGivenEthnicity[e]) {
                out[e] += p;
            }
        }
        return out;
    }

    private static double odds(JsonNode odds, String band) {
        JsonNode o = odds.path(band);
        if (!o.isNumber() || o.asDouble() <= 0) {
            throw new CensusDataException("place-joints.json: roma_profile.age_band_odds has no positive value for "
                    + "band '" + band + "'");
        }
        return o.asDouble();
    }

    static AdultJoint fit(TableReader tables, JsonNode uatFile, double[][] localityEthnicity, Geography geo,
                          double[][] groupGivenEthnicity, double[][] sexGivenGroup, FineAgeGroups groups,
                          CategorySet residence, CategorySet ethnicity, CategorySet sex, List<Ipf.Fit> fits) {
        int nd = geo.district().size();
        int nres = residence.size();
        int ne = ethnicity.size();
        int ng = groups.size();
        int ns = sex.size();
        double[][][] place = new double[nd][nres][ne];
        for (int l = 0; l < localityEthnicity.length; l++) {
            Locality locality = geo.localities().get(l);
            for (int e = 0; e < ne; e++) {
                place[locality.district()][locality.residence()][e] += localityEthnicity[l][e];
            }
        }
        double[] adultShare = adultShare(groupGivenEthnicity);
        JsonNode ageByPlace = uatFile.path("age_sex_by_residence").path("age_group_given_district_residence_census2014")
                .path("values");
        JsonNode sexByPlace = uatFile.path("age_sex_by_residence").path("sex_given_district_residence_census2014")
                .path("values");
        int[] shape = AdultJoint.shape(nd, nres, ne, ng, ns);
        AdultJoint layout = new AdultJoint(shape, regions(geo), new double[nd * nres * ne * ng * ns]);
        double[] seed = new double[layout.size()];
        double[] placeTarget = new double[nd * nres * ne];
        double total = 0;
        for (int d = 0; d < nd; d++) {
            for (int res = 0; res < nres; res++) {
                JsonNode ages = ageByPlace.path(geo.district().id(d)).path(residence.id(res));
                double old = ages.path("65+").asDouble(0);
                double working = ages.path("18-64").asDouble(0);
                JsonNode sexes = sexByPlace.path(geo.district().id(d)).path(residence.id(res));
                for (int e = 0; e < ne; e++) {
                    placeTarget[(d * nres + res) * ne + e] = place[d][res][e] * adultShare[e];
                    total += placeTarget[(d * nres + res) * ne + e];
                    for (int g = 0; g < ng; g++) {
                        // No 2014 row (Dubăsari has no urban unit): the national shape.
                        double ageOdds = old + working == 0 ? 1 : (groups.low(g) >= 65 ? old : working) / (old + working);
                        for (int s = 0; s < ns; s++) {
                            double sexOdds = sexes.path(sex.id(s)).asDouble(0.5);
                            seed[layout.index(d, res, e, g, s)] = place[d][res][e] * groupGivenEthnicity[e][g]
                                    * ageOdds * sexGivenGroup[g][s] * sexOdds;
                        }
                    }
                }
            }
        }
        for (int c = 0; c < placeTarget.length; c++) {
            placeTarget[c] /= total;
        }
        double[] ageTarget = tables.distribution("age_group_adult", groups.categories());
        double[] ageSexTarget = new double[ng * ns];
        for (int g = 0; g < ng; g++) {
            for (int s = 0; s < ns; s++) {
                ageSexTarget[g * ns + s] = ageTarget[g] * sexGivenGroup[g][s];
            }
        }
        Ipf.Fit fit = Ipf.fit("district x residence x ethnicity x age group x sex (adults)", seed, shape,
                List.of(new Ipf.Margin("adult-derived district x residence x ethnicity", new int[] {0, 1, 2},
                                placeTarget),
                        new Ipf.Margin("age_group_adult x sex_given_age_group", new int[] {3, 4}, ageSexTarget)),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        fits.add(fit);
        return new AdultJoint(shape, regions(geo), fit.table());
    }

    private static int[] regions(Geography geo) {
        int[] out = new int[geo.district().size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = geo.regionOf(d);
        }
        return out;
    }
}
