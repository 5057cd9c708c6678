package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Locality weights within (district, residence), stated here because the reference has counts for only part
 * of the localities: a first-tier unit (UAT) with a published 2014 count keeps it, rescaled to 2024 by the
 * district's census-scaled population over its 2014 count; a UAT without a count gets an equal share of what the
 * district's urban or rural population leaves after the known UATs (never less than a quarter of the median known
 * UAT of its kind in the district); within a UAT of k localities the seat takes 1/2 + 1/(2k) and every other
 * locality 1/(2k), since the seat is usually the largest village.
 */
public final class Geography {

    private final CategorySet district;
    private final int[] regionOfDistrict;
    private final double[][][] districtGivenRegionResidence;
    private final List<Locality> localities;
    private final int[][][] poolLocalities;
    private final double[][][] poolWeights;
    private final int knownWeightLocalities;

    Geography(TableReader tables, JsonNode localityFile, CategorySet region, CategorySet residence) {
        JsonNode districtRows = tables.values("districts");
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode d : districtRows) {
            ids.add(d.path("id").asText());
            names.add(d.path("name_ro").asText());
        }
        district = new CategorySet("district", ids, names, names);
        regionOfDistrict = new int[district.size()];
        double[] population2024 = new double[district.size()];
        double[] urbanShare = new double[district.size()];
        int k = 0;
        for (JsonNode d : districtRows) {
            String r = d.path("region").asText();
            if (!region.contains(r)) {
                throw CensusDataException.inTable("districts", "[" + ids.get(k) + "]", "unknown region '" + r + "'");
            }
            regionOfDistrict[k] = region.indexOf(r);
            population2024[k] = d.path("population_census_scaled").asDouble();
            k++;
        }
        double[][] districtGivenRegion = districtGivenRegion(tables, region);
        double[][] residenceGivenDistrict = tables.conditional("residence_given_district", district, residence);
        for (int d = 0; d < district.size(); d++) {
            urbanShare[d] = residenceGivenDistrict[d][residence.indexOf("urban")];
        }
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
        double[] weights = localityWeights(localityFile, residence, population2024, urbanShare);
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

    /** Builds {@link #localities} and returns each one's unnormalised weight (persons, 2024 scale). */
    private double[] localityWeights(JsonNode file, CategorySet residence, double[] population2024,
                                     double[] urbanShare) {
        JsonNode coverage = file.path("coverage").path("by_district");
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
        // UAT populations at 2024 scale, by district and by the residence of the UAT seat.
        int urban = residence.indexOf("urban");
        double[][] knownTotal = new double[district.size()][residence.size()];
        int[][] unknownCount = new int[district.size()][residence.size()];
        List<List<Double>> knownSizes = new ArrayList<>();
        for (int i = 0; i < district.size() * residence.size(); i++) {
            knownSizes.add(new ArrayList<>());
        }
        Map<String, Double> uatPopulation = new LinkedHashMap<>();
        for (Map.Entry<String, List<JsonNode>> e : uats.entrySet()) {
            JsonNode seat = seatOf(e.getValue());
            int d = district.indexOf(seat.path("district").asText());
            int res = residence.indexOf(seat.path("residence").asText());
            JsonNode count = seat.path("uat_population_2014");
            if (count.isNumber()) {
                double enumerated2014 = coverage.path(district.id(d)).path("district_population_2014_enumerated")
                        .asDouble(0);
                double scale = enumerated2014 > 0 ? population2024[d] / enumerated2014 : 1.0;
                double p = count.asDouble() * scale;
                uatPopulation.put(e.getKey(), p);
                knownTotal[d][res] += p;
                knownSizes.get(d * residence.size() + res).add(p);
            } else {
                unknownCount[d][res]++;
            }
        }
        double[] weights = new double[countLocalities(uats)];
        for (Map.Entry<String, List<JsonNode>> e : uats.entrySet()) {
            JsonNode seat = seatOf(e.getValue());
            int d = district.indexOf(seat.path("district").asText());
            int res = residence.indexOf(seat.path("residence").asText());
            Double known = uatPopulation.get(e.getKey());
            double uatWeight;
            if (known != null) {
                uatWeight = known;
            } else {
                double expected = population2024[d] * (res == urban ? urbanShare[d] : 1 - urbanShare[d]);
                double remainder = (expected - knownTotal[d][res]) / unknownCount[d][res];
                double floor = 0.25 * median(knownSizes.get(d * residence.size() + res));
                uatWeight = Math.max(remainder, floor);
                if (!(uatWeight > 0)) {
                    uatWeight = 1.0;
                }
            }
            int k = e.getValue().size();
            for (JsonNode l : e.getValue()) {
                boolean isSeat = l == seat;
                double share = k == 1 ? 1.0 : (isSeat ? 0.5 + 0.5 / k : 0.5 / k);
                weights[localities.size()] = uatWeight * share;
                localities.add(new Locality(l.path("cuatm_code").asText(), l.path("name").asText(),
                        district.indexOf(l.path("district").asText()),
                        residence.indexOf(l.path("residence").asText()), l.path("type").asText(), known != null));
            }
        }
        return weights;
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

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
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

    public int knownWeightLocalities() {
        return knownWeightLocalities;
    }
}
