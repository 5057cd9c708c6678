package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Ethnicity by locality (all ages), fitted by one IPF. Seed: each locality's size times the ethnic row of its
 * commune where one exists ({@code ethnicity_given_locality_seed}; the 2024 Roma statement for Otaci, Buda and
 * Ciorești), else of its district ({@code ethnicity_given_district_seed}, census 2014 or 2004; the region row where
 * the district has none). Margins: the locality sizes; the 2024 region x residence x ethnicity table; the Roma
 * share the 2024 census states for Otaci, Buda and Ciorești (a lower bound, taken as the value, for adults). The
 * old census gives the shape within a region, 2024 the levels.
 */
final class LocalityEthnicityFit {

    private LocalityEthnicityFit() {
    }

    /** Shares [locality][ethnicity] of the whole population, summing to 1. */
    static double[][] fit(TableReader tables, JsonNode ethnicityFile, JsonNode placeJoints, Geography geo,
                          CategorySet region, CategorySet residence, CategorySet ethnicity, double[] adultShare,
                          List<Ipf.Fit> fits) {
        int nl = geo.localities().size();
        int ne = ethnicity.size();
        int nres = residence.size();
        double[] ethnicityShare = tables.distribution("ethnicity", ethnicity);
        double adultShareOthers = 0;
        double othersShare = 0;
        for (int e = 0; e < ne; e++) {
            if (!ethnicity.id(e).equals("roma")) {
                adultShareOthers += ethnicityShare[e] * adultShare[e];
                othersShare += ethnicityShare[e];
            }
        }
        adultShareOthers /= othersShare;
        double[] regionShare = tables.distribution("region", region);
        double[][] residenceGivenRegion = tables.conditional("residence_given_region", region, residence);
        double[][][] ethnicityGivenRegionResidence = tables.conditional("ethnicity_given_region_residence", region,
                residence, ethnicity);
        double[][] ethnicityGivenRegion = tables.conditional("ethnicity_given_region", region, ethnicity);

        double[] localityTotal = new double[nl];
        for (int d = 0; d < geo.district().size(); d++) {
            int r = geo.regionOf(d);
            for (int res = 0; res < nres; res++) {
                double pool = regionShare[r] * residenceGivenRegion[r][res]
                        * geo.districtGivenRegionResidence()[r][res][d];
                int[] members = geo.pool(d, res);
                for (int i = 0; i < members.length; i++) {
                    localityTotal[members[i]] = pool * geo.poolWeights(d, res)[i];
                }
            }
        }

        JsonNode districtSeeds = table(ethnicityFile, "ethnicity_given_district_seed").path("values");
        JsonNode localitySeeds = table(ethnicityFile, "ethnicity_given_locality_seed").path("values");
        JsonNode statement = placeJoints.path("locality_statement_seeds");
        double romaAtLeast = statement.path("roma_share_at_least").asDouble(0);
        int roma = ethnicity.indexOf("roma");
        // The statement's share holds for adults: Roma are younger, so their all-ages share must be higher.
        double romaAllAges = romaAtLeast * adultShareOthers
                / (romaAtLeast * adultShareOthers + (1 - romaAtLeast) * adultShare[roma]);
        int other = ethnicity.indexOf("other");
        double[][] districtRow = new double[geo.district().size()][];
        for (int d = 0; d < districtRow.length; d++) {
            int r = geo.regionOf(d);
            JsonNode row = districtSeeds.path(geo.district().id(d));
            districtRow[d] = row.isObject() ? seedRow("ethnicity_given_district_seed", row, ethnicity,
                    ethnicityGivenRegion[r]) : ethnicityGivenRegion[r].clone();
        }
        double[] seed = new double[nl * ne];
        for (int l = 0; l < nl; l++) {
            Locality locality = geo.localities().get(l);
            String uat = geo.uatOf(l);
            int r = geo.regionOf(locality.district());
            JsonNode own = localitySeeds.path(locality.code());
            JsonNode row = own.isObject() ? own : localitySeeds.path(uat);
            double[] shares = row.isObject() ? seedRow("ethnicity_given_locality_seed", row, ethnicity,
                    ethnicityGivenRegion[r]) : districtRow[locality.district()].clone();
            if (statement.path("uats").has(uat) && shares[roma] < romaAllAges) {
                double scale = (1 - romaAllAges) / (1 - shares[roma]);
                for (int e = 0; e < ne; e++) {
                    shares[e] = e == roma ? romaAllAges : shares[e] * scale;
                }
            }
            for (int e = 0; e < ne; e++) {
                seed[l * ne + e] = localityTotal[l] * shares[e];
            }
        }

        // Region x residence x ethnicity 2024; the stated Roma share of each listed first-tier unit.
        double[] regionalTarget = new double[region.size() * nres * ne];
        for (int r = 0; r < region.size(); r++) {
            for (int res = 0; res < nres; res++) {
                for (int e = 0; e < ne; e++) {
                    regionalTarget[(r * nres + res) * ne + e] = regionShare[r] * residenceGivenRegion[r][res]
                            * ethnicityGivenRegionResidence[r][res][e];
                }
            }
        }
        int[] regional = new int[nl * ne];
        int[] statementRoma = new int[nl * ne];
        List<String> statementUats = new ArrayList<>();
        statement.path("uats").fieldNames().forEachRemaining(statementUats::add);
        double[] statementTarget = new double[statementUats.size()];
        for (int l = 0; l < nl; l++) {
            Locality locality = geo.localities().get(l);
            int r = geo.regionOf(locality.district());
            int u = statementUats.indexOf(geo.uatOf(l));
            if (u >= 0) {
                statementTarget[u] += localityTotal[l] * romaAllAges;
            }
            for (int e = 0; e < ne; e++) {
                regional[l * ne + e] = (r * nres + locality.residence()) * ne + e;
                statementRoma[l * ne + e] = e == roma && u >= 0 ? u : -1;
            }
        }
        Ipf.Fit fit = Ipf.fit("locality x ethnicity (all ages)", seed, new int[] {nl, ne},
                List.of(new Ipf.Margin("locality sizes (uat-populations)", new int[] {0}, localityTotal),
                        Ipf.Margin.grouped("region x residence x ethnicity 2024", regional, regionalTarget),
                        Ipf.Margin.grouped("Roma share of Otaci, Buda, Ciorești (census 2024 statement)",
                                statementRoma, statementTarget)),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        fits.add(fit);
        double[][] out = new double[nl][ne];
        for (int l = 0; l < nl; l++) {
            System.arraycopy(fit.table(), l * ne, out[l], 0, ne);
        }
        return out;
    }

    static JsonNode table(JsonNode file, String id) {
        JsonNode t = file.path("tables").path(id);
        if (!t.isObject()) {
            throw new CensusDataException("census reference " + file.path("id").asText() + ": table '" + id
                    + "' is missing");
        }
        return t;
    }

    /**
     * A seed row over the model's ethnicities: a merged Moldovan-or-Romanian share is split in the region's 2024
     * ratio; a group printed as null (not listed separately) shares the row's "other" with it in the region's
     * proportions. Modelled steps, both stated in the card.
     */
    static double[] seedRow(String table, JsonNode row, CategorySet ethnicity, double[] regionRow) {
        int ne = ethnicity.size();
        double[] out = new double[ne];
        boolean[] unlisted = new boolean[ne];
        int other = ethnicity.indexOf("other");
        for (int e = 0; e < ne; e++) {
            JsonNode v = row.path(ethnicity.id(e));
            if (v.isNumber()) {
                out[e] = v.asDouble();
            } else {
                unlisted[e] = true;
            }
        }
        JsonNode merged = row.path("moldovan_romanian");
        if (merged.isNumber()) {
            int md = ethnicity.indexOf("moldovan");
            int ro = ethnicity.indexOf("romanian");
            double ratio = regionRow[md] + regionRow[ro] == 0 ? 1 : regionRow[md] / (regionRow[md] + regionRow[ro]);
            out[md] = merged.asDouble() * ratio;
            out[ro] = merged.asDouble() * (1 - ratio);
            unlisted[md] = false;
            unlisted[ro] = false;
        }
        if (!row.path("other").isNumber()) {
            throw new CensusDataException("census reference: " + table + " row without an 'other' share");
        }
        unlisted[other] = true;
        double pool = out[other];
        double weight = 0;
        for (int e = 0; e < ne; e++) {
            if (unlisted[e]) {
                weight += regionRow[e];
            }
        }
        for (int e = 0; e < ne; e++) {
            if (unlisted[e]) {
                out[e] = weight == 0 ? (e == other ? pool : 0) : pool * regionRow[e] / weight;
            }
        }
        double sum = 0;
        for (double v : out) {
            sum += v;
        }
        if (!(sum > 0)) {
            throw new CensusDataException("census reference: " + table + " has a row without any share");
        }
        for (int e = 0; e < ne; e++) {
            out[e] /= sum;
        }
        return out;
    }
}
