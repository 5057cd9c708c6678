package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Job titles of {@code occupations-ro.json} by ISCO-08 major group and sector. A title is chosen uniformly among
 * those of the sampled group whose primary sector or sector list contains the sampled sector, and among all
 * titles of the group when none does (the reference's rule): the list is illustrative, not a frequency list.
 */
public final class Occupations {

    private final List<JobTitle> titles = new ArrayList<>();
    /** [isco][sector] -> indices into {@link #titles}. */
    private final int[][][] candidates;
    private final boolean[][] sectorMatched;

    Occupations(JsonNode file, CategorySet isco, CategorySet sector) {
        JsonNode groups = file.path("groups");
        candidates = new int[isco.size()][sector.size()][];
        sectorMatched = new boolean[isco.size()][sector.size()];
        for (int g = 0; g < isco.size(); g++) {
            JsonNode list = groups.path(isco.id(g)).path("titles");
            if (!list.isArray() || list.isEmpty()) {
                throw new CensusDataException("occupations-ro.json: group " + isco.id(g) + " has no titles");
            }
            List<List<Integer>> bySector = new ArrayList<>();
            for (int s = 0; s < sector.size(); s++) {
                bySector.add(new ArrayList<>());
            }
            List<Integer> all = new ArrayList<>();
            for (JsonNode t : list) {
                String m = t.path("m").asText();
                String f = t.path("f").asText();
                String code = t.path("isco08").asText();
                if (m.isEmpty() || f.isEmpty() || !code.startsWith(isco.id(g).substring("isco_".length()))) {
                    throw new CensusDataException("occupations-ro.json: group " + isco.id(g) + " title '" + m
                            + "' needs m, f and an isco08 code of its group (has '" + code + "')");
                }
                int index = titles.size();
                titles.add(new JobTitle(m, f, code, g));
                all.add(index);
                List<String> sectors = new ArrayList<>();
                sectors.add(t.path("sector").asText());
                t.path("sectors").forEach(s -> sectors.add(s.asText()));
                for (String s : sectors) {
                    if (!sector.contains(s)) {
                        throw new CensusDataException("occupations-ro.json: title '" + m + "' has unknown sector '"
                                + s + "'");
                    }
                    List<Integer> bucket = bySector.get(sector.indexOf(s));
                    if (!bucket.contains(index)) {
                        bucket.add(index);
                    }
                }
            }
            for (int s = 0; s < sector.size(); s++) {
                List<Integer> chosen = bySector.get(s).isEmpty() ? all : bySector.get(s);
                sectorMatched[g][s] = !bySector.get(s).isEmpty();
                candidates[g][s] = chosen.stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    public List<JobTitle> titles() {
        return titles;
    }

    /** Indices into {@link #titles()} that a persona of this ISCO group and sector may hold (uniformly). */
    public int[] candidates(int iscoMajor, int sector) {
        return candidates[iscoMajor][sector];
    }

    /** Whether the group has a title of that sector (false: the whole group is the fallback). */
    public boolean sectorMatched(int iscoMajor, int sector) {
        return sectorMatched[iscoMajor][sector];
    }
}
