package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Names from {@code names-md.json}: real Moldovan surnames by ethnic group in Romanian script, their feminine forms,
 * and first names by ethnic group, sex and birth decade.
 *
 * <ul>
 *   <li><b>Surnames.</b> A weight is the estimated share of the group bearing the name; a list covers only part of
 *       the group (the Moldovan one 37%). The uncovered share is spread evenly over the listed names, which keeps
 *       the head at its estimated share (Rusu about 0.7% of Moldovans rather than 1.7% after plain renormalising)
 *       without inventing names. Ethnic Romanians use the Moldovan pool; Roma and other draw from a mixture of
 *       pools.</li>
 *   <li><b>Feminine forms.</b> A woman's surname takes its feminine form (Ivanov - Ivanova, Novacovschi -
 *       Novacovscaia, Zagorodnîi - Zagorodnaia) with the probability the reference gives for her group; the rest
 *       keep the masculine form, as many women in Moldova do. -in and -ii/-îi change only for surnames of the
 *       Russian list: Costin, Marin or Darii are Romanian and never change.</li>
 *   <li><b>First names</b> by group, sex and birth decade (birth year = 2024 - age), from the reference's
 *       cohort-weighted lists.</li>
 * </ul>
 */
public final class NameModel {

    /** The census year: birth year = CENSUS_YEAR - age. */
    public static final int CENSUS_YEAR = 2024;
    public static final int FIRST_DECADE = 1920;

    /** A weighted list of names; weights sum to 1. */
    public record Pool(String[] names, double[] weights) { }

    private final List<String> decades = new ArrayList<>();
    private final Pool[][][] firstNames;
    private final Pool[] surnames;
    private final String[][] feminineForm;
    private final double[][] feminineProbability;
    private final Map<String, Map<String, Integer>> surnameBasis = new LinkedHashMap<>();
    private final String referenceId;

    NameModel(JsonNode file, CategorySet ethnicity, CategorySet sex) {
        referenceId = file.path("id").asText() + "@" + file.path("schema_version").asText();
        file.path("first_name_cohort_profiles").path("cohort_share_adults_2024").properties()
                .forEach(e -> decades.add(e.getKey()));
        for (int d = 0; d < decades.size(); d++) {
            if (!decades.get(d).equals((FIRST_DECADE + 10 * d) + "s")) {
                throw new CensusDataException("names-md.json: birth decades must run from " + FIRST_DECADE
                        + "s in steps of ten (found " + decades + ")");
            }
        }
        JsonNode surnameFile = file.path("surnames");
        Set<String> russian = new HashSet<>();
        surnameFile.path("russian").forEach(n -> russian.add(n.get(0).asText()));
        int ne = ethnicity.size();
        surnames = new Pool[ne];
        feminineForm = new String[ne][];
        feminineProbability = new double[ne][];
        firstNames = new Pool[ne][sex.size()][decades.size()];
        JsonNode rules = file.path("surname_feminine_forms").path("rules");
        for (int e = 0; e < ne; e++) {
            String group = ethnicity.id(e);
            Map<String, Double> weights = new LinkedHashMap<>();
            Map<String, Integer> basis = new TreeMap<>();
            addSurnames(surnameFile, group, 1.0, weights, basis, 0);
            surnameBasis.put(group, basis);
            surnames[e] = pool(weights);
            String[] names = surnames[e].names();
            feminineForm[e] = new String[names.length];
            feminineProbability[e] = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                feminise(rules, group, names[i], russian.contains(names[i]), e, i);
            }
            for (int s = 0; s < sex.size(); s++) {
                JsonNode bySex = firstNameGroup(file.path("first_names"), group, 0).path(sex.id(s));
                for (int d = 0; d < decades.size(); d++) {
                    JsonNode list = bySex.path(decades.get(d));
                    if (!list.isArray() || list.isEmpty()) {
                        throw new CensusDataException("names-md.json: no first names for " + group + " "
                                + sex.id(s) + " born in the " + decades.get(d));
                    }
                    Map<String, Double> w = new LinkedHashMap<>();
                    list.forEach(n -> w.merge(n.get(0).asText(), n.get(1).asDouble(), Double::sum));
                    firstNames[e][s][d] = pool(w);
                }
            }
        }
    }

    private static JsonNode firstNameGroup(JsonNode firstNames, String group, int depth) {
        JsonNode node = firstNames.path(group);
        if (node.has("same_as") && depth < 3) {
            return firstNameGroup(firstNames, node.path("same_as").asText(), depth + 1);
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new CensusDataException("names-md.json: no first names for ethnic group '" + group + "'");
        }
        return node;
    }

    /** Adds a group's surnames, scaled to {@code share}: a list, a same_as, or a composition of pools and lists. */
    private static void addSurnames(JsonNode surnames, String group, double share, Map<String, Double> out,
                                    Map<String, Integer> basis, int depth) {
        JsonNode node = surnames.path(group);
        if (depth > 3) {
            throw new CensusDataException("names-md.json: surname pools of '" + group + "' refer to each other");
        }
        if (node.isArray()) {
            addList(node, share, out, basis);
        } else if (node.has("same_as")) {
            addSurnames(surnames, node.path("same_as").asText(), share, out, basis, depth + 1);
        } else if (node.has("composition")) {
            for (JsonNode part : node.path("composition")) {
                double s = share * part.path("share").asDouble();
                if (part.has("pool")) {
                    addSurnames(surnames, part.path("pool").asText(), s, out, basis, depth + 1);
                } else {
                    addList(part.path("names"), s, out, basis);
                }
            }
        } else {
            throw new CensusDataException("names-md.json: no surnames for ethnic group '" + group + "'");
        }
    }

    /** A list's uncovered share goes evenly to its names (see the class comment). */
    private static void addList(JsonNode list, double share, Map<String, Double> out, Map<String, Integer> basis) {
        if (!list.isArray() || list.isEmpty()) {
            throw new CensusDataException("names-md.json: an empty surname list");
        }
        double listed = 0;
        for (JsonNode n : list) {
            listed += n.get(1).asDouble();
        }
        double uncovered = Math.max(0, 1 - listed) / list.size();
        double total = listed + uncovered * list.size();
        for (JsonNode n : list) {
            out.merge(n.get(0).asText(), share * (n.get(1).asDouble() + uncovered) / total, Double::sum);
            basis.merge(n.get(2).asText(), 1, Integer::sum);
        }
    }

    private void feminise(JsonNode rules, String group, String name, boolean russianList, int e, int i) {
        for (JsonNode rule : rules) {
            for (var ending : rule.path("endings").properties()) {
                String masc = ending.getKey();
                boolean russianOnly = masc.equals("in") || masc.equals("în") || masc.equals("ii") || masc.equals("îi");
                if (name.endsWith(masc) && name.length() > masc.length() + 1 && (russianList || !russianOnly)) {
                    double p = rule.path("p_feminine").path(group).asDouble(0);
                    if (p > 0) {
                        feminineForm[e][i] = name.substring(0, name.length() - masc.length())
                                + ending.getValue().asText();
                        feminineProbability[e][i] = p;
                    }
                    return;
                }
            }
        }
    }

    private static Pool pool(Map<String, Double> weights) {
        String[] names = weights.keySet().toArray(new String[0]);
        double[] w = new double[names.length];
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        for (int i = 0; i < names.length; i++) {
            w[i] = weights.get(names[i]) / total;
        }
        return new Pool(names, w);
    }

    /** Index of the birth decade of a person of this age in 2024 (1920s = 0), clamped to the listed decades. */
    public int decade(int age) {
        int d = ((CENSUS_YEAR - age) / 10 * 10 - FIRST_DECADE) / 10;
        return Math.max(0, Math.min(decades.size() - 1, d));
    }

    /** The birth decade of a person of this age in 2024 ("1990s"), not clamped. */
    public static String birthDecade(int age) {
        return (CENSUS_YEAR - age) / 10 * 10 + "s";
    }

    /** "1920s" .. "2000s". */
    public List<String> decades() {
        return decades;
    }

    public Pool firstNames(int ethnicity, int sex, int decade) {
        return firstNames[ethnicity][sex][decade];
    }

    public Pool surnames(int ethnicity) {
        return surnames[ethnicity];
    }

    /** The feminine form of surname {@code i} of the group's pool, or null when it has none. */
    public String feminineForm(int ethnicity, int i) {
        return feminineForm[ethnicity][i];
    }

    /** The probability that a woman of the group bears surname {@code i} in its feminine form. */
    public double feminineProbability(int ethnicity, int i) {
        return feminineProbability[ethnicity][i];
    }

    /** How many surnames of each basis kind (rank_zipf, published_relative_frequency, ...) each group's pool has. */
    public Map<String, Map<String, Integer>> surnameBasis() {
        return surnameBasis;
    }

    public String referenceId() {
        return referenceId;
    }
}
