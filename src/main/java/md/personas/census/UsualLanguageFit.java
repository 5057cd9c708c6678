package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Usual language by place and mother tongue, fitted by one IPF. Places are the districts with a usual-language
 * row in {@code usual_language_given_district_seed} (Taraclia, RPL 2014) and "every other district". Seed: the
 * adult population of each place by mother tongue times the national usual language given mother tongue.
 * Margins: that population; the national usual-language shares the model had (so the national marginal does not
 * move); each listed district's row (a merged category such as Romanian/Moldovan constrains its members
 * together). Other districts keep the national table, which the card states.
 *
 * @param placeOfDistrict the place group of each district (the last group is "every other district")
 * @param places the district ids with their own row, in group order
 * @param usual P(usual | place, mother tongue), [place][mother][usual]
 */
record UsualLanguageFit(int[] placeOfDistrict, List<String> places, double[][][] usual) {

    static UsualLanguageFit fit(JsonNode ethnicityFile, AdultJoint joint, double[][] motherGivenEthnicity,
                                double[][] usualGivenMother, CategorySet district, CategorySet language,
                                List<Ipf.Fit> fits) {
        JsonNode rows = LocalityEthnicityFit.table(ethnicityFile, "usual_language_given_district_seed").path("values");
        List<String> places = new ArrayList<>();
        int[] placeOf = new int[district.size()];
        rows.properties().forEach(e -> {
            if (!district.contains(e.getKey())) {
                throw CensusDataException.inTable("usual_language_given_district_seed", "[" + e.getKey() + "]",
                        "unknown district id");
            }
            places.add(e.getKey());
        });
        int np = places.size() + 1;
        for (int d = 0; d < district.size(); d++) {
            int p = places.indexOf(district.id(d));
            placeOf[d] = p >= 0 ? p : np - 1;
        }
        int nm = language.size();
        double[][] population = new double[np][nm];
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            for (int m = 0; m < nm; m++) {
                population[placeOf[cell.district()]][m] += joint.share(c) * motherGivenEthnicity[cell.ethnicity()][m];
            }
        }
        double[] seed = new double[np * nm * nm];
        double[] placeMother = new double[np * nm];
        double[] national = new double[nm];
        for (int p = 0; p < np; p++) {
            for (int m = 0; m < nm; m++) {
                placeMother[p * nm + m] = population[p][m];
                for (int u = 0; u < nm; u++) {
                    seed[(p * nm + m) * nm + u] = population[p][m] * usualGivenMother[m][u];
                    national[u] += population[p][m] * usualGivenMother[m][u];
                }
            }
        }
        // Each listed place's row, over groups of the model's languages (a merged id covers its members).
        List<Double> targets = new ArrayList<>();
        int[] groups = new int[seed.length];
        java.util.Arrays.fill(groups, -1);
        for (int p = 0; p < places.size(); p++) {
            double placeTotal = 0;
            for (int m = 0; m < nm; m++) {
                placeTotal += population[p][m];
            }
            JsonNode row = rows.path(places.get(p));
            double rowSum = 0;
            for (var e : row.properties()) {
                rowSum += e.getValue().asDouble();
            }
            boolean[] covered = new boolean[nm];
            for (var e : row.properties()) {
                List<Integer> members = members(e.getKey(), language);
                int group = targets.size();
                targets.add(placeTotal * e.getValue().asDouble() / rowSum);
                for (int u : members) {
                    covered[u] = true;
                    for (int m = 0; m < nm; m++) {
                        groups[(p * nm + m) * nm + u] = group;
                    }
                }
            }
            for (int u = 0; u < nm; u++) {
                if (!covered[u]) {
                    throw CensusDataException.inTable("usual_language_given_district_seed", "[" + places.get(p) + "]",
                            "no share for language '" + language.id(u) + "'");
                }
            }
        }
        Ipf.Fit fit = Ipf.fit("usual language by place x mother tongue (adults)", seed, new int[] {np, nm, nm},
                List.of(new Ipf.Margin("adult population by place x mother tongue", new int[] {0, 1}, placeMother),
                        new Ipf.Margin("national usual language (unchanged)", new int[] {2}, national),
                        Ipf.Margin.grouped("usual_language_given_district_seed (RPL 2014)", groups,
                                targets.stream().mapToDouble(Double::doubleValue).toArray())),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        fits.add(fit);
        double[][][] usual = new double[np][nm][nm];
        for (int p = 0; p < np; p++) {
            for (int m = 0; m < nm; m++) {
                double sum = 0;
                for (int u = 0; u < nm; u++) {
                    sum += fit.table()[(p * nm + m) * nm + u];
                }
                for (int u = 0; u < nm; u++) {
                    usual[p][m][u] = sum == 0 ? usualGivenMother[m][u] : fit.table()[(p * nm + m) * nm + u] / sum;
                }
            }
        }
        return new UsualLanguageFit(placeOf, List.copyOf(places), usual);
    }

    /** The model's languages a reference id stands for: itself, or the parts of a merged id ("romanian_moldovan"). */
    static List<Integer> members(String id, CategorySet language) {
        if (language.contains(id)) {
            return List.of(language.indexOf(id));
        }
        List<Integer> out = new ArrayList<>();
        for (String part : id.split("_")) {
            if (language.contains(part)) {
                out.add(language.indexOf(part));
            }
        }
        if (out.isEmpty()) {
            throw new CensusDataException("census reference: unknown language id '" + id + "'");
        }
        return out;
    }
}
