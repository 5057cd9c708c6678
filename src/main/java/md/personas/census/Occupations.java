package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The job titles of {@code occupations-ro.json}, in file order, each with its ISCO-08 major group. Which title a
 * persona holds is {@link OccupationModel}'s job (weights, female shares and entry rules); this class only reads and
 * checks the list: every group has titles, every title has both forms, a code of its group and known sectors.
 */
public final class Occupations {

    private final List<JobTitle> titles = new ArrayList<>();

    Occupations(JsonNode file, CategorySet isco, CategorySet sector) {
        JsonNode groups = file.path("groups");
        for (int g = 0; g < isco.size(); g++) {
            JsonNode list = groups.path(isco.id(g)).path("titles");
            if (!list.isArray() || list.isEmpty()) {
                throw new CensusDataException("occupations-ro.json: group " + isco.id(g) + " has no titles");
            }
            for (JsonNode t : list) {
                String m = t.path("m").asText();
                String f = t.path("f").asText();
                String code = t.path("isco08").asText();
                if (m.isEmpty() || f.isEmpty() || !code.startsWith(isco.id(g).substring("isco_".length()))) {
                    throw new CensusDataException("occupations-ro.json: group " + isco.id(g) + " title '" + m
                            + "' needs m, f and an isco08 code of its group (has '" + code + "')");
                }
                List<String> sectors = new ArrayList<>();
                sectors.add(t.path("sector").asText());
                t.path("sectors").forEach(s -> sectors.add(s.asText()));
                for (String s : sectors) {
                    if (!sector.contains(s)) {
                        throw new CensusDataException("occupations-ro.json: title '" + m + "' has unknown sector '"
                                + s + "'");
                    }
                }
                titles.add(new JobTitle(m, f, code, g));
            }
        }
    }

    public List<JobTitle> titles() {
        return titles;
    }
}
