package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * Every cross-tabulation of the reference files that a released dataset can be held against, built once with the
 * model (see {@link ReferenceCrossTab}). A new audited table is one more method here that reads its reference
 * rows and says how a record maps to a row and a category; the audit, stats, card and {@code validate} pick it up.
 */
final class ReferenceCrossTabs {

    private final CensusModel m;
    private final List<ReferenceCrossTab> out = new ArrayList<>();
    /** CUATM code of a first-tier unit -> the name the audit shows (unique: a repeated name gets its code). */
    private final Map<String, String> uatName = new LinkedHashMap<>();

    private ReferenceCrossTabs(CensusModel model, JsonNode uatFile) {
        this.m = model;
        Map<String, Integer> uses = new java.util.HashMap<>();
        uatFile.path("uats").forEach(u -> uses.merge(u.path("uat_name").asText(), 1, Integer::sum));
        uatFile.path("uats").properties().forEach(e -> {
            String name = e.getValue().path("uat_name").asText();
            uatName.put(e.getKey(), name.isEmpty() || uses.get(name) > 1 ? name + " (" + e.getKey() + ")" : name);
        });
    }

    /** The audit's name of a first-tier unit: its Romanian name, with its code only where a name repeats. */
    private String uatName(String code) {
        return uatName.getOrDefault(code, code);
    }

    static List<ReferenceCrossTab> build(CensusModel model, TableReader tables, JsonNode ethnicityFile,
                                         JsonNode uatFile, JsonNode placeJoints, double tertiaryAdultFactor) {
        ReferenceCrossTabs b = new ReferenceCrossTabs(model, uatFile);
        b.districtEthnicity(ethnicityFile);
        b.communeEthnicity(ethnicityFile);
        b.statementRoma(placeJoints);
        b.districtUsualLanguage(ethnicityFile);
        b.tertiaryByArea(tables, tertiaryAdultFactor);
        b.employmentByResidence(tables);
        b.employedByRegion(placeJoints);
        b.olderByResidence(uatFile);
        b.sexByResidence(uatFile);
        b.olderByDistrict(uatFile);
        b.localitySizes(uatFile);
        return List.copyOf(b.out);
    }

    // ---- record -> row or category ----

    private Function<Row, String> districtId() {
        return r -> id(m.district(), r.string(Column.DISTRICT));
    }

    private Function<Row, String> residenceId() {
        return r -> id(m.residence(), r.string(Column.RESIDENCE_TYPE));
    }

    /** The reference merges Moldovans and Romanians in its district rows. */
    private Function<Row, String> ethnicityMerged() {
        return r -> {
            String e = id(m.ethnicity(), r.string(Column.ETHNICITY));
            return "moldovan".equals(e) || "romanian".equals(e) ? "moldovan_romanian" : e;
        };
    }

    private static String id(CategorySet set, String label) {
        int i = label == null ? -1 : set.indexOfLabel(label);
        return i < 0 ? null : set.id(i);
    }

    /** The first-tier unit (commune or town) of a record, by its audit name, from its district and locality. */
    private Function<Row, String> uatOf() {
        Map<String, String> byDistrictAndName = new LinkedHashMap<>();
        Geography geo = m.geography();
        for (int l = 0; l < geo.localities().size(); l++) {
            Locality locality = geo.localities().get(l);
            byDistrictAndName.putIfAbsent(m.district().label(locality.district()) + "\u0000" + locality.name(),
                    geo.uatOf(l));
        }
        byDistrictAndName.replaceAll((k, code) -> uatName(code));
        return r -> byDistrictAndName.get(r.string(Column.DISTRICT) + "\u0000" + r.string(Column.LOCALITY));
    }

    /**
     * A two-category row, the category first and "other" second: always in this order (Map.of iterates in an order
     * that changes from one JVM to the next, and the audit's worst cell keeps the first of two equal deviations).
     */
    private static Map<String, Double> pair(String category, double share) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put(category, share);
        row.put("other", 1 - share);
        return row;
    }

    private static Map<String, Double> normalised(JsonNode row, List<String> skip) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double sum = 0;
        for (var e : row.properties()) {
            if (e.getValue().isNumber() && !skip.contains(e.getKey())) {
                shares.put(e.getKey(), e.getValue().asDouble());
                sum += e.getValue().asDouble();
            }
        }
        double total = sum;
        shares.replaceAll((k, v) -> v / total);
        return shares;
    }

    // ---- the tables ----

    private void districtEthnicity(JsonNode file) {
        JsonNode t = LocalityEthnicityFit.table(file, "ethnicity_given_district_seed");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        t.path("values").properties().forEach(e -> target.put(e.getKey(), normalised(e.getValue(), List.of())));
        out.add(new ReferenceCrossTab("district x ethnicity", ReferenceCrossTab.SEEDED_AND_RAKED, "2014 (5 districts), "
                + "2004 (28)", "census_2014_by_district | census_2004_by_district", "all ages at the old census vs "
                + "adults in 2024; Moldovans and Romanians merged; groups the source does not list count as other; "
                + "raked to 2024 regional totals, so national declines (Ukrainians, Russians -40% since 2004) show",
                districtId(), ethnicityMerged(), target));
    }

    private void communeEthnicity(JsonNode file) {
        JsonNode t = LocalityEthnicityFit.table(file, "ethnicity_given_locality_seed");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        t.path("values").properties().forEach(e -> target.put(uatName(e.getKey()), normalised(e.getValue(),
                List.of())));
        out.add(new ReferenceCrossTab("commune x ethnicity", ReferenceCrossTab.SEEDED_AND_RAKED, "2004 (8), 2014 (1), "
                + "2024 (1)", "census_2004_by_locality", "10 mixed communes (Chirsova, Cairaclia, ...), all ages; "
                + "few personas per commune at 100,000, so sampling noise is large", uatOf(),
                r -> id(m.ethnicity(), r.string(Column.ETHNICITY)), target));
    }

    private void statementRoma(JsonNode placeJoints) {
        JsonNode statement = placeJoints.path("locality_statement_seeds");
        double share = statement.path("roma_share_at_least").asDouble();
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        statement.path("uats").fieldNames().forEachRemaining(u -> target.put(uatName(u),
                pair("roma", share)));
        out.add(new ReferenceCrossTab("commune x Roma", ReferenceCrossTab.PUBLISHED, "2024",
                "census_2024_final_statement", "'over 20%' in Otaci, Buda and Ciorești: the bound is taken as the "
                + "value, for adults", uatOf(), r -> "roma".equals(id(m.ethnicity(), r.string(Column.ETHNICITY)))
                        ? "roma" : "other", target));
    }

    private void districtUsualLanguage(JsonNode file) {
        JsonNode t = LocalityEthnicityFit.table(file, "usual_language_given_district_seed");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        t.path("values").properties().forEach(e -> target.put(e.getKey(), normalised(e.getValue(), List.of())));
        out.add(new ReferenceCrossTab("district x usual language", ReferenceCrossTab.SEEDED_AND_RAKED, "2014",
                t.path("provenance").asText(), "Taraclia only (no other district was found); all ages vs adults",
                districtId(), r -> {
                    String u = id(m.language(), r.string(Column.USUAL_LANGUAGE));
                    return "moldovan".equals(u) || "romanian".equals(u) ? "romanian_moldovan" : u;
                }, target));
    }

    private void tertiaryByArea(TableReader tables, double adultFactor) {
        JsonNode values = tables.values("tertiary_share_by_area");
        Map<String, Map<String, Double>> byDistrict = new LinkedHashMap<>();
        Map<String, Map<String, Double>> byResidence = new LinkedHashMap<>();
        values.properties().forEach(e -> {
            double adult = e.getValue().asDouble() * adultFactor;
            Map<String, Double> row = pair("tertiary", adult);
            if (m.district().contains(e.getKey())) {
                byDistrict.put(e.getKey(), row);
            } else if (m.residence().contains(e.getKey())) {
                byResidence.put(e.getKey(), row);
            }
        });
        Function<Row, String> tertiary = r -> "tertiary".equals(id(m.education(), r.string(Column.EDUCATION_LEVEL)))
                ? "tertiary" : "other";
        String note = "census shares of people aged 10+, times the model's national adult/10+ factor ("
                + String.format(java.util.Locale.ROOT, "%.3f", adultFactor) + ")";
        out.add(new ReferenceCrossTab("district x tertiary education", ReferenceCrossTab.PUBLISHED, "2024",
                tables.provenance("tertiary_share_by_area"), note, districtId(), tertiary, byDistrict));
        out.add(new ReferenceCrossTab("residence x tertiary education", ReferenceCrossTab.PUBLISHED, "2024",
                tables.provenance("tertiary_share_by_area"), note + "; urban only is published", residenceId(),
                tertiary, byResidence));
    }

    private void employmentByResidence(TableReader tables) {
        JsonNode lfs = tables.values("labour_force_2024");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        for (String res : m.residence().ids()) {
            double rate = lfs.path("employment_rate_20_64_" + res + "_percent").asDouble() / 100;
            target.put(res, pair("employed", rate));
        }
        out.add(new ReferenceCrossTab("residence x employment (20-64)", ReferenceCrossTab.PUBLISHED, "2024",
                tables.provenance("labour_force_2024"), "LFS employment rate of people aged 20-64; the model scales "
                + "both rates by one factor so that the national labour marginal (LFS by age and sex) is kept",
                r -> {
                    Object age = r.get(Column.AGE);
                    int a = age instanceof Number n ? n.intValue() : -1;
                    return a >= 20 && a <= 64 ? residenceId().apply(r) : null;
                }, r -> "employed".equals(id(m.labour(), r.string(Column.EMPLOYMENT_STATUS))) ? "employed" : "other",
                target));
    }

    /** The LFS 2024 shares of the employed by region (Sud and Găgăuzia as one group, as published). */
    private void employedByRegion(JsonNode placeJoints) {
        JsonNode block = placeJoints.path("employment_region");
        Map<String, String> groupOf = new LinkedHashMap<>();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (JsonNode row : block.path("employed_share_by_region")) {
            List<String> ids = new java.util.ArrayList<>();
            row.path("regions").forEach(id -> ids.add(id.asText()));
            String group = String.join("+", ids);
            ids.forEach(id -> groupOf.put(id, group));
            shares.put(group, row.path("share").asDouble());
        }
        out.add(new ReferenceCrossTab("region x employed (share of the employed)", ReferenceCrossTab.PUBLISHED,
                "2024", block.path("provenance").asText(), "LFS 2024 shares of the employed 15+ on the LFS's own "
                + "population base (2014-census estimates, which understate Chișinău against the 2024 census); the "
                + "model takes them as rates relative to that base, so on the census base Chișinău's share is higher",
                r -> "employed".equals(id(m.labour(), r.string(Column.EMPLOYMENT_STATUS))) ? "employed" : null,
                r -> groupOf.get(id(m.region(), r.string(Column.REGION))), Map.of("employed", shares)));
    }

    private static Function<Row, String> olderOrNot() {
        return r -> {
            Object age = r.get(Column.AGE);
            return age instanceof Number n && n.intValue() >= 65 ? "65+" : "18-64";
        };
    }

    private void olderByResidence(JsonNode uatFile) {
        JsonNode t = uatFile.path("age_sex_by_residence").path("age_group_given_residence_census2014");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        t.path("values").properties().forEach(e -> target.put(e.getKey(), normalised(e.getValue(), List.of("0-17"))));
        out.add(new ReferenceCrossTab("residence x age (65+ of adults)", ReferenceCrossTab.SEEDED_AND_RAKED, "2014",
                t.path("provenance").asText(), "RPL 2014 enumerated adults; the population aged a lot by 2024 (the "
                + "2014 shape is raked to the 2024 age groups), so the levels differ and the urban/rural order is "
                + "what carries over", residenceId(), olderOrNot(), target));
    }

    private void olderByDistrict(JsonNode uatFile) {
        JsonNode t = uatFile.path("age_sex_by_residence").path("age_group_given_district_census2014");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        t.path("values").properties().forEach(e -> target.put(e.getKey(), normalised(e.getValue(), List.of("0-17"))));
        out.add(new ReferenceCrossTab("district x age (65+ of adults)", ReferenceCrossTab.SEEDED_AND_RAKED, "2014",
                t.path("provenance").asText(), "RPL 2014 enumerated adults, raked to the 2024 age groups",
                districtId(), olderOrNot(), target));
    }

    private void sexByResidence(JsonNode uatFile) {
        JsonNode t = uatFile.path("age_sex_by_residence").path("sex_given_residence_census2014");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        t.path("values").properties().forEach(e -> target.put(e.getKey(), normalised(e.getValue(), List.of())));
        out.add(new ReferenceCrossTab("residence x sex", ReferenceCrossTab.SEEDED_AND_RAKED, "2014",
                t.path("provenance").asText(), "RPL 2014, all ages (no adult table by residence); adults have fewer "
                + "men, so the levels differ and the urban/rural gap is what carries over", residenceId(),
                r -> id(m.sex(), r.string(Column.SEX)), target));
    }

    private void localitySizes(JsonNode uatFile) {
        JsonNode uats = uatFile.path("uats");
        JsonNode chisinau = uatFile.path("chisinau_estimates").path("generator_target").path("uat_weights_2024");
        Map<String, Map<String, Double>> target = new LinkedHashMap<>();
        uats.properties().forEach(e -> {
            double p = chisinau.path(e.getKey()).path("population_2024").asDouble(e.getValue().path("population")
                    .asDouble());
            target.computeIfAbsent(e.getValue().path("district").asText(), k -> new LinkedHashMap<>())
                    .put(uatName(e.getKey()), p);
        });
        target.replaceAll((d, row) -> {
            double sum = row.values().stream().mapToDouble(Double::doubleValue).sum();
            Map<String, Double> shares = new LinkedHashMap<>();
            row.forEach((k, v) -> shares.put(k, v / sum));
            return shares;
        });
        out.add(new ReferenceCrossTab("district x commune (locality sizes)", ReferenceCrossTab.PUBLISHED, "2014; "
                + "Chișinău 2024", "census_2014_by_uat | census_2024_final_by_uat_secondary", "share of each first-"
                + "tier unit in its district's population, all ages; the model keeps the district's modelled "
                + "urban share, so towns and villages are weighted within residence", districtId(), uatOf(), target));
    }
}
