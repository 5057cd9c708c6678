package md.personas.monitoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.NameModel;
import md.personas.census.TargetTable;
import md.personas.record.Column;
import md.personas.record.Row;

/**
 * Whether the people of a dataset look real, in the figures a reader checks first: the share of women in each
 * occupation group against its census-model target, how concentrated the surnames are (the most common one, the
 * top 20, how many distinct per 100,000), and which first names each birth decade bears.
 *
 * @param records rows read
 * @param femaleShareByGroup employed women by ISCO major group, with the target share
 * @param surnames surname concentration
 * @param distinctFirstNames distinct first names
 * @param distinctFullNames distinct "first last" names
 * @param firstNamesByDecade the most common first names of each birth decade and sex
 */
public record PeopleAudit(long records, List<GroupShare> femaleShareByGroup, SurnameConcentration surnames,
                          long distinctFirstNames, long distinctFullNames, List<DecadeNames> firstNamesByDecade) {

    /** How many names per birth decade and sex the audit lists. */
    public static final int TOP_NAMES = 5;
    /** How many surnames the concentration sums. */
    public static final int TOP_SURNAMES = 20;

    /** @param target the census model's share of women in the group, NaN when the targets have no such table */
    public record GroupShare(String group, long employed, long women, double target) {
        public double share() {
            return employed == 0 ? Double.NaN : (double) women / employed;
        }
    }

    public record SurnameConcentration(String top1, double top1Share, double top20Share, long distinct) {
        /** Distinct surnames scaled to 100,000 records (exact at 100,000; fewer records see fewer names). */
        public double distinctPer100k(long records) {
            return records == 0 ? 0 : distinct * 100_000.0 / records;
        }
    }

    public record NameShare(String name, double share) { }

    public record DecadeNames(String decade, String sex, long people, long distinct, List<NameShare> top) { }

    /** Distinct full names scaled to 100,000 records. */
    public double per100k(long count) {
        return records == 0 ? 0 : count * 100_000.0 / records;
    }

    /** Feeds rows one at a time; not thread-safe. */
    public static final class Counter {
        private final Map<String, Double> target = new LinkedHashMap<>();
        private final Map<String, long[]> groups = new LinkedHashMap<>();
        private final Map<String, Long> surnames = new HashMap<>();
        private final Set<String> firstNames = new HashSet<>();
        private final Set<String> fullNames = new HashSet<>();
        private final Map<String, Map<String, Long>> byDecadeSex = new TreeMap<>();
        private long records;

        public Counter(CensusTargets targets) {
            TargetTable joint = targets.tables().get(CensusTargets.SEX_X_OCCUPATION_GROUP);
            if (joint != null) {
                Map<String, double[]> shares = new LinkedHashMap<>();
                for (int c = 0; c < joint.size(); c++) {
                    List<String> key = joint.cells().get(c);
                    double[] fm = shares.computeIfAbsent(key.get(1), k -> new double[2]);
                    fm[key.get(0).equals("Feminin") ? 1 : 0] += joint.shares()[c];
                }
                shares.forEach((group, fm) -> {
                    if (!group.equals(CensusModel.NOT_WORKING_GROUP)) {
                        target.put(group, fm[0] + fm[1] > 0 ? fm[1] / (fm[0] + fm[1]) : Double.NaN);
                        groups.put(group, new long[2]);
                    }
                });
            }
        }

        public void add(Row row) {
            records++;
            boolean woman = "Feminin".equals(row.string(Column.SEX));
            String group = row.string(Column.OCCUPATION_GROUP);
            if (group != null && !group.equals(CensusModel.NOT_WORKING_GROUP)) {
                long[] n = groups.computeIfAbsent(group, g -> new long[2]);
                n[0]++;
                n[1] += woman ? 1 : 0;
            }
            String first = row.string(Column.FIRST_NAME);
            String last = row.string(Column.LAST_NAME);
            surnames.merge(String.valueOf(last), 1L, Long::sum);
            firstNames.add(String.valueOf(first));
            fullNames.add(row.string(Column.NAME));
            if (row.get(Column.AGE) instanceof Number age) {
                String key = NameModel.birthDecade(age.intValue()) + "\u001f" + row.string(Column.SEX);
                byDecadeSex.computeIfAbsent(key, k -> new HashMap<>()).merge(String.valueOf(first), 1L, Long::sum);
            }
        }

        public PeopleAudit result() {
            List<GroupShare> shares = new ArrayList<>();
            groups.forEach((g, n) -> shares.add(new GroupShare(g, n[0], n[1], target.getOrDefault(g, Double.NaN))));
            List<Map.Entry<String, Long>> ranked = rank(surnames);
            long top20 = ranked.stream().limit(TOP_SURNAMES).mapToLong(Map.Entry::getValue).sum();
            SurnameConcentration concentration = ranked.isEmpty()
                    ? new SurnameConcentration("", 0, 0, 0)
                    : new SurnameConcentration(ranked.get(0).getKey(), (double) ranked.get(0).getValue() / records,
                            (double) top20 / records, surnames.size());
            List<DecadeNames> decades = new ArrayList<>();
            byDecadeSex.forEach((key, names) -> {
                String[] parts = key.split("\u001f", 2);
                long people = names.values().stream().mapToLong(Long::longValue).sum();
                List<NameShare> top = rank(names).stream().limit(TOP_NAMES)
                        .map(e -> new NameShare(e.getKey(), (double) e.getValue() / people)).toList();
                decades.add(new DecadeNames(parts[0], parts[1], people, names.size(), top));
            });
            return new PeopleAudit(records, List.copyOf(shares), concentration, firstNames.size(), fullNames.size(),
                    List.copyOf(decades));
        }

        /** Most frequent first; ties by name, so that the same data give the same report. */
        private static List<Map.Entry<String, Long>> rank(Map<String, Long> counts) {
            List<Map.Entry<String, Long>> out = new ArrayList<>(counts.entrySet());
            out.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                    .thenComparing(Map.Entry::getKey));
            return out;
        }
    }
}
