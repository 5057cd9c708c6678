package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Districts and localities, and the distributions that place a persona in them.
 *
 * <p>District given (region, residence) is P(district | region) x P(residence | district), renormalised:
 * {@code district_given_region} (2014-based estimate shares) and {@code residence_given_district} (modelled, fitted
 * to the regional urban shares).
 *
 * <p>Locality weights within (district, residence): every first-tier unit (UAT) weighs its RPL 2014 population
 * by commune ({@code uat-populations.json}) put on the 2024 basis of its district ({@link #rebaseTo2024}), except
 * the 15 towns with a 2024 census figure, which weigh that, and the 19 units of the Chișinău municipality, which
 * take their 2024 census weights (the city at 567,038); within a UAT of k localities every component village takes 1/(2k),
 * a railway-station locality a small fraction of that ({@code place-joints.json}), and the seat the rest, since
 * NBS published 2014 counts per commune only and the seat is usually the largest village.
 */
public final class Geography {

    private final CategorySet district;
    private final int[] regionOfDistrict;
    private final double[] districtPopulation2024;
    private final double[][][] districtGivenRegionResidence;
    private final List<Locality> localities;
    private final int[][][] poolLocalities;
    private final double[][][] poolWeights;
    private final int knownWeightLocalities;
    private String[] uatOfLocality;

    Geography(TableReader tables, JsonNode localityFile, JsonNode uatFile, JsonNode placeJoints, CategorySet region,
              CategorySet residence) {
        JsonNode districtRows = tables.values("districts");
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode d : districtRows) {
            ids.add(d.path("id").asText());
            names.add(d.path("name_ro").asText());
        }
        district = new CategorySet("district", ids, names, names);
        regionOfDistrict = new int[district.size()];
        districtPopulation2024 = new double[district.size()];
        int k = 0;
        for (JsonNode d : districtRows) {
            districtPopulation2024[k] = d.path("population_census_scaled").asDouble(Double.NaN);
            String r = d.path("region").asText();
            if (!region.contains(r)) {
                throw CensusDataException.inTable("districts", "[" + ids.get(k) + "]", "unknown region '" + r + "'");
            }
            regionOfDistrict[k] = region.indexOf(r);
            k++;
        }
        double[][] districtGivenRegion = districtGivenRegion(tables, region);
        double[][] residenceGivenDistrict = tables.conditional("residence_given_district", district, residence);
        districtGivenRegionResidence = new double[region.size()][residence.size()][district.size()];
        for (int r = 0; r < region.size(); r++) {
            for (int res = 0; res < residence.size(); res++) {
                double sum = 0;
                for (int d = 0; d < district.size(); d++) {
                    double p = districtGivenRegion[r][d] * residenceGivenDistrict[d][res];
                    districtGivenRegionResidence[r][res][d] = p;
                    sum += p;
                }
                if (sum <= 0) {
                    throw CensusDataException.inTable("residence_given_district", "[" + region.id(r) + "]",
                            "no district of the region has " + residence.id(res) + " residents");
                }
                for (int d = 0; d < district.size(); d++) {
                    districtGivenRegionResidence[r][res][d] /= sum;
                }
            }
        }

        localities = new ArrayList<>();
        double[] weights = localityWeights(localityFile, uatFile, placeJoints, residence);
        int known = 0;
        for (Locality l : localities) {
            known += l.populationKnown() ? 1 : 0;
        }
        knownWeightLocalities = known;
        poolLocalities = new int[district.size()][residence.size()][];
        poolWeights = new double[district.size()][residence.size()][];
        for (int d = 0; d < district.size(); d++) {
            for (int res = 0; res < residence.size(); res++) {
                List<Integer> members = new ArrayList<>();
                double sum = 0;
                for (int i = 0; i < localities.size(); i++) {
                    if (localities.get(i).district() == d && localities.get(i).residence() == res) {
                        members.add(i);
                        sum += weights[i];
                    }
                }
                if (members.isEmpty() && residenceGivenDistrict[d][res] > 0) {
                    throw new CensusDataException("localities-2024.json: district " + district.id(d) + " has "
                            + residence.id(res) + " residents in residence_given_district but no "
                            + residence.id(res) + " locality");
                }
                poolLocalities[d][res] = members.stream().mapToInt(Integer::intValue).toArray();
                poolWeights[d][res] = new double[members.size()];
                for (int j = 0; j < members.size(); j++) {
                    poolWeights[d][res][j] = weights[members.get(j)] / sum;
                }
            }
        }
    }

    private double[][] districtGivenRegion(TableReader tables, CategorySet region) {
        JsonNode values = tables.values("district_given_region");
        double[][] out = new double[region.size()][district.size()];
        for (int r = 0; r < region.size(); r++) {
            JsonNode row = values.path(region.id(r));
            if (row.isMissingNode()) {
                throw CensusDataException.inTable("district_given_region", "[" + region.id(r) + "]",
                        "missing conditional row for region '" + region.id(r) + "'");
            }
            double sum = 0;
            for (var e : row.properties()) {
                if (!district.contains(e.getKey())) {
                    throw CensusDataException.inTable("district_given_region", "[" + region.id(r) + "]",
                            "unknown district id '" + e.getKey() + "'");
                }
                int d = district.indexOf(e.getKey());
                if (regionOfDistrict[d] != r) {
                    throw CensusDataException.inTable("district_given_region", "[" + region.id(r) + "]",
                            "district '" + e.getKey() + "' belongs to region " + region.id(regionOfDistrict[d]));
                }
                out[r][d] = e.getValue().asDouble();
                sum += out[r][d];
            }
            for (int d = 0; d < district.size(); d++) {
                out[r][d] /= sum;
            }
        }
        return out;
    }

    /**
     * Builds {@link #localities} and returns each one's unnormalised weight (persons): its first-tier unit's
     * population split among the unit's localities (see the class comment).
     */
    private double[] localityWeights(JsonNode file, JsonNode uatFile, JsonNode placeJoints, CategorySet residence) {
        Map<String, List<JsonNode>> uats = new LinkedHashMap<>();
        for (JsonNode l : file.path("values")) {
            String d = l.path("district").asText();
            if (!district.contains(d)) {
                throw new CensusDataException("localities-2024.json: locality " + l.path("cuatm_code").asText()
                        + " has unknown district '" + d + "'");
            }
            String res = l.path("residence").asText();
            if (!residence.contains(res)) {
                throw new CensusDataException("localities-2024.json: locality " + l.path("cuatm_code").asText()
                        + " has unknown residence '" + res + "'");
            }
            uats.computeIfAbsent(l.path("uat_code").asText(), c -> new ArrayList<>()).add(l);
        }
        JsonNode populations = uatFile.path("uats");
        JsonNode weights2024 = uatFile.path("chisinau_estimates").path("generator_target").path("uat_weights_2024");
        double railwayFactor = placeJoints.path("within_uat").path("railway_station_factor").asDouble(Double.NaN);
        if (!(railwayFactor >= 0 && railwayFactor <= 1)) {
            throw new CensusDataException("place-joints.json: within_uat.railway_station_factor must be in [0, 1]");
        }
        double[] rebase = rebaseTo2024(uats.keySet(), populations);
        double[] weights = new double[countLocalities(uats)];
        uatOfLocality = new String[weights.length];
        for (Map.Entry<String, List<JsonNode>> e : uats.entrySet()) {
            JsonNode unit = populations.path(e.getKey());
            double uatWeight = weights2024.path(e.getKey()).path("population_2024").asDouble(
                    unit.path("population_2024").path("value").asDouble(
                            unit.path("population").asDouble(-1) * rebase[district.indexOf(unit.path("district").asText())]));
            if (!(uatWeight > 0)) {
                throw new CensusDataException("uat-populations.json: no population for first-tier unit "
                        + e.getKey() + " of localities-2024.json; add it to uats");
            }
            JsonNode seat = seatOf(e.getValue());
            int k = e.getValue().size();
            double component = k == 1 ? 0 : 0.5 / k;
            double others = 0;
            for (JsonNode l : e.getValue()) {
                if (l != seat) {
                    others += component * (isRailwayStation(l) ? railwayFactor : 1.0);
                }
            }
            for (JsonNode l : e.getValue()) {
                double share = l == seat ? 1.0 - others : component * (isRailwayStation(l) ? railwayFactor : 1.0);
                weights[localities.size()] = uatWeight * share;
                uatOfLocality[localities.size()] = e.getKey();
                localities.add(new Locality(l.path("cuatm_code").asText(), l.path("name").asText(),
                        district.indexOf(l.path("district").asText()),
                        residence.indexOf(l.path("residence").asText()), l.path("type").asText(), true));
            }
        }
        return weights;
    }

    /**
     * Per district, the factor that puts the 2014 count of a unit without a 2024 figure on the 2024 basis of the
     * units that have one: the district's 2024 population ({@code districts}: census regional total x estimate
     * share) less its units with a 2024 census figure, over their 2014 counts likewise (when that is implausible,
     * the ratio of those units' own 2024 and 2014 figures). It only matters within a
     * pool (district x residence) that mixes both kinds, e.g. Edineț (2024) with Cupcini (2014 x factor).
     */
    private double[] rebaseTo2024(Iterable<String> uatCodes, JsonNode populations) {
        double[] all2014 = new double[district.size()];
        double[] known2014 = new double[district.size()];
        double[] known2024 = new double[district.size()];
        for (String code : uatCodes) {
            JsonNode unit = populations.path(code);
            int d = district.indexOf(unit.path("district").asText());
            if (d < 0) {
                continue; // reported by the caller as a unit without population
            }
            all2014[d] += unit.path("population").asDouble();
            if (unit.path("population_2024").path("value").isNumber()) {
                known2014[d] += unit.path("population").asDouble();
                known2024[d] += unit.path("population_2024").path("value").asDouble();
            }
        }
        double[] out = new double[district.size()];
        for (int d = 0; d < out.length; d++) {
            double total2024 = districtPopulation2024[d];
            out[d] = all2014[d] > known2014[d] ? (total2024 - known2024[d]) / (all2014[d] - known2014[d]) : 1;
            if (!(out[d] > 0.2 && out[d] < 5)) {
                // The scaled district total is a model, not a count (Bălți's is below its city's census figure):
                // then the rest of the district is taken to change like its towns with a 2024 figure.
                out[d] = known2014[d] > 0 ? known2024[d] / known2014[d] : 1;
            }
        }
        return out;
    }

    private static boolean isRailwayStation(JsonNode locality) {
        for (JsonNode f : locality.path("flags")) {
            if (f.asText().equals("railway_station_locality")) {
                return true;
            }
        }
        return false;
    }

    private static int countLocalities(Map<String, List<JsonNode>> uats) {
        return uats.values().stream().mapToInt(List::size).sum();
    }

    private static JsonNode seatOf(List<JsonNode> uat) {
        for (JsonNode l : uat) {
            if (l.path("uat_seat").asBoolean()) {
                return l;
            }
        }
        return uat.get(0);
    }

    public CategorySet district() {
        return district;
    }

    public int regionOf(int districtIndex) {
        return regionOfDistrict[districtIndex];
    }

    /** P(district | region, residence), indexed [region][residence][district]. Read-only. */
    public double[][][] districtGivenRegionResidence() {
        return districtGivenRegionResidence;
    }

    public List<Locality> localities() {
        return localities;
    }

    /** Indices into {@link #localities()} of the localities of a district with the given residence. */
    public int[] pool(int districtIndex, int residenceIndex) {
        return poolLocalities[districtIndex][residenceIndex];
    }

    /** Weights (summing to 1) of {@link #pool(int, int)}. Read-only. */
    public double[] poolWeights(int districtIndex, int residenceIndex) {
        return poolWeights[districtIndex][residenceIndex];
    }

    /** The CUATM code of the first-tier unit (commune, town) a locality belongs to. */
    public String uatOf(int locality) {
        return uatOfLocality[locality];
    }

    public int knownWeightLocalities() {
        return knownWeightLocalities;
    }
}
