package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * First names by ethnicity and sex, surnames by ethnicity, and the feminine surname forms (Ivanov -> Ivanova)
 * that Russian, Bulgarian, Gagauz, Ukrainian and Polish surnames take for women. The pools are the reference's
 * cleaned placeholder pools, weighted; they are not frequency lists.
 */
public final class NamePools {

    /** A weighted list of names. */
    public record Pool(String[] names, double[] weights) { }

    private final Pool[][] firstNames;
    private final Pool[] surnames;
    private final boolean[] feminineRuleApplies;
    private final String[][] rules;

    NamePools(TableReader tables, CategorySet ethnicity, CategorySet sex) {
        JsonNode first = tables.values("first_names_given_ethnicity_sex");
        JsonNode last = tables.values("surnames_given_ethnicity");
        firstNames = new Pool[ethnicity.size()][sex.size()];
        surnames = new Pool[ethnicity.size()];
        for (int e = 0; e < ethnicity.size(); e++) {
            for (int s = 0; s < sex.size(); s++) {
                firstNames[e][s] = pool("first_names_given_ethnicity_sex",
                        "[" + ethnicity.id(e) + "][" + sex.id(s) + "]",
                        first.path(ethnicity.id(e)).path(sex.id(s)));
            }
            surnames[e] = pool("surnames_given_ethnicity", "[" + ethnicity.id(e) + "]", last.path(ethnicity.id(e)));
        }
        JsonNode feminine = tables.values("surname_feminine_forms");
        Set<String> applies = new HashSet<>();
        feminine.path("applies_to_pools").forEach(p -> applies.add(p.asText()));
        feminineRuleApplies = new boolean[ethnicity.size()];
        for (int e = 0; e < ethnicity.size(); e++) {
            feminineRuleApplies[e] = applies.contains(ethnicity.id(e));
        }
        List<String[]> r = new ArrayList<>();
        feminine.path("rules").forEach(rule -> r.add(new String[] {rule.path("ending").asText(),
                rule.path("feminine").asText()}));
        // Longest ending first, so that -iov wins over -ov and -skii over -ski.
        r.sort((a, b) -> Integer.compare(b[0].length(), a[0].length()));
        rules = r.toArray(new String[0][]);
    }

    private static Pool pool(String table, String row, JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            throw CensusDataException.inTable(table, row, "missing conditional row (no names)");
        }
        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        node.properties().forEach(e -> {
            names.add(e.getKey());
            weights.add(e.getValue().asDouble());
        });
        return new Pool(names.toArray(new String[0]), weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public Pool firstNames(int ethnicity, int sex) {
        return firstNames[ethnicity][sex];
    }

    public Pool surnames(int ethnicity) {
        return surnames[ethnicity];
    }

    /** The surname as a woman of this ethnicity's pool bears it. */
    public String feminineSurname(int ethnicity, String surname) {
        if (!feminineRuleApplies[ethnicity]) {
            return surname;
        }
        for (String[] rule : rules) {
            if (surname.endsWith(rule[0])) {
                return surname.substring(0, surname.length() - rule[0].length()) + rule[1];
            }
        }
        return surname;
    }
}
