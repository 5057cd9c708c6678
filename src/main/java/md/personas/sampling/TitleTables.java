package md.personas.sampling;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

/**
 * P(job title | context) for the occupation model's 2,246 contexts (sex x single age x education x capital or
 * not), drawn in two steps: the ISCO major group | context, then the title | group, context. The product is the
 * same distribution; the point is memory. A title table over 310 titles per context is 2.4 MB of alias entries,
 * read at random, while the within-group distributions repeat across contexts (neighbouring ages share them
 * until an entry rule changes): 15,817 (context, group) pairs have about 2,100 distinct ones. Shared, the two
 * steps read about a seventh of the memory, and a persona's draw is bounded by cache misses.
 *
 * <p>Within-group distributions are shared when they agree to 1e-12, far below the 2^-32 resolution of the alias
 * draw itself.
 */
final class TitleTables {

    private static final double SHARE_RESOLUTION = 1e12;

    private final int groups;
    private final AliasTables group;
    private final AliasTables title;
    private final int[] withinGroupTable;

    /**
     * @param distributions P(title | context), one array per context over all titles (an all-zero array: a context
     *                      with no employed persona, never drawn)
     * @param groupOfTitle  the ISCO major group of each title, 0 .. groups - 1
     */
    TitleTables(List<double[]> distributions, int[] groupOfTitle, int groups) {
        this.groups = groups;
        int[][] titlesOf = titlesOfGroups(groupOfTitle, groups);
        List<double[]> groupRows = new ArrayList<>();
        List<double[]> titleRows = new ArrayList<>();
        Map<LongBuffer, Integer> shared = new HashMap<>(); // the group and its row rounded, compared by content
        withinGroupTable = new int[distributions.size() * groups];
        Arrays.fill(withinGroupTable, -1);
        for (int c = 0; c < distributions.size(); c++) {
            double[] p = distributions.get(c);
            double[] byGroup = new double[groups];
            for (int t = 0; t < p.length; t++) {
                byGroup[groupOfTitle[t]] += p[t];
            }
            boolean any = Arrays.stream(byGroup).sum() > 0;
            groupRows.add(any ? byGroup : null);
            for (int g = 0; g < groups && any; g++) {
                if (byGroup[g] > 0) {
                    long[] rounded = new long[titlesOf[g].length + 1];
                    rounded[0] = g;
                    for (int i = 0; i < titlesOf[g].length; i++) {
                        rounded[i + 1] = Math.round(p[titlesOf[g][i]] / byGroup[g] * SHARE_RESOLUTION);
                    }
                    LongBuffer key = LongBuffer.wrap(rounded);
                    Integer table = shared.get(key);
                    if (table == null) {
                        double[] within = new double[p.length];
                        for (int t : titlesOf[g]) {
                            within[t] = p[t] / byGroup[g];
                        }
                        table = titleRows.size();
                        titleRows.add(within);
                        shared.put(key, table);
                    }
                    withinGroupTable[c * groups + g] = table;
                }
            }
        }
        group = AliasTables.of(groupRows);
        title = AliasTables.of(titleRows);
    }

    private static int[][] titlesOfGroups(int[] groupOfTitle, int groups) {
        int[][] out = new int[groups][];
        for (int g = 0; g < groups; g++) {
            int group = g;
            out[g] = IntStream.range(0, groupOfTitle.length).filter(t -> groupOfTitle[t] == group)
                    .toArray();
        }
        return out;
    }

    /** A title of a context's distribution: the group with one word, the title within it with another. */
    int sample(int context, long groupWord, long titleWord) {
        int g = group.sample(context, groupWord);
        return title.sample(withinGroupTable[context * groups + g], titleWord);
    }

    /** How many distinct within-group distributions the contexts share. */
    int withinGroupTables() {
        return title.contexts();
    }
}
