package md.personas.census;

/**
 * What the reference knows about one job title besides its wording ({@link JobTitle}): how many hold it, how many of
 * them are women, and the hard entry rules (age bounds, a degree, a field of study, whether working pensioners hold
 * it). The {@code *Basis} strings say what kind of figure each is (statistic, anchored_judgement, legal_rule,
 * judgement).
 *
 * @param estimatedThousands estimated head-count; the title's weight within its ISCO group is its share of the group
 * @param femaleShare share of women among the holders
 * @param minAge youngest plausible holder (legal entry route or training length)
 * @param maxAge oldest plausible holder (service limit or physical work)
 * @param requiresTertiary only holders of a tertiary degree
 * @param pensionerCommon working pensioners commonly hold it
 * @param sectorSplit share of the title in each economic sector, indexed like the model's sectors
 * @param femaleShareBySector the female share per sector (the title's own where the reference gives none)
 * @param requiredField index of the field of study the title demands, or -1
 */
public record TitleRules(double estimatedThousands, double femaleShare, int minAge, int maxAge,
                         boolean requiresTertiary, boolean pensionerCommon, double[] sectorSplit,
                         double[] femaleShareBySector, int requiredField, String weightBasis,
                         String femaleShareBasis, String ageBasis) {
}
