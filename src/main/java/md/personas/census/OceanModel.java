package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Big Five (OCEAN) T-scores, modelled ({@code ocean_t_scores} in {@code modelled-extensions.json}): each trait is
 * an independent normal with mean 50 shifted by sex, age group and education, SD 10, rounded and clamped to 0-100.
 */
public final class OceanModel {

    public static final int TRAITS = 5;

    private final double mean;
    private final double sd;
    private final int min;
    private final int max;
    private final double[][] bySex;
    private final double[][] byAgeGroup;
    private final double[][] byEducation;
    private final int[][] bins;
    private final List<String> binLabels = new ArrayList<>();
    private final List<String> traits = new ArrayList<>();

    OceanModel(JsonNode extensions, CategorySet sex, List<String> ageGroups, CategorySet education) {
        JsonNode v = extensions.path("tables").path("ocean_t_scores").path("values");
        v.path("traits").forEach(t -> traits.add(t.asText()));
        mean = v.path("mean").asDouble();
        sd = v.path("sd").asDouble();
        min = v.path("min").asInt();
        max = v.path("max").asInt();
        bySex = shifts(v.path("shift_by_sex"), sex.ids(), "shift_by_sex");
        byAgeGroup = shifts(v.path("shift_by_age_group"), ageGroups, "shift_by_age_group");
        byEducation = shifts(v.path("shift_by_education"), education.ids(), "shift_by_education");
        JsonNode b = v.path("bins");
        bins = new int[b.size()][2];
        for (int i = 0; i < b.size(); i++) {
            bins[i][0] = b.get(i).get(0).asInt();
            bins[i][1] = b.get(i).get(1).asInt();
            binLabels.add(bins[i][0] + "-" + bins[i][1]);
        }
        if (traits.size() != TRAITS || !(sd > 0)) {
            throw CensusDataException.inTable("ocean_t_scores", "", "needs five traits and a positive sd");
        }
    }

    private static double[][] shifts(JsonNode node, List<String> keys, String name) {
        double[][] out = new double[keys.size()][TRAITS];
        for (int k = 0; k < keys.size(); k++) {
            JsonNode row = node.path(keys.get(k));
            if (!row.isArray() || row.size() != TRAITS) {
                throw CensusDataException.inTable("ocean_t_scores", "[" + name + "][" + keys.get(k) + "]",
                        "missing conditional row (five shifts expected)");
            }
            for (int t = 0; t < TRAITS; t++) {
                out[k][t] = row.get(t).asDouble();
            }
        }
        return out;
    }

    public double mean(int trait, int sex, int ageGroup6, int education) {
        return mean + bySex[sex][trait] + byAgeGroup[ageGroup6][trait] + byEducation[education][trait];
    }

    public double sd() {
        return sd;
    }

    /** The lowest score of the scale; {@link #scoreDistribution(double)} is indexed from it. */
    public int min() {
        return min;
    }

    /**
     * P(score = min + k), k = 0 .. max - min, of a trait with this mean: N(mean, sd) rounded half up and clamped to
     * the scale, the ends taking the tails. Tabulated so that a score is one alias draw instead of a normal variate.
     */
    public double[] scoreDistribution(double traitMean) {
        NormalDistribution normal = new NormalDistribution(null, traitMean, sd);
        double[] p = new double[max - min + 1];
        double below = 0.0; // P(X < score - 0.5), the ends taking the tails
        for (int k = 0; k < p.length; k++) {
            double upTo = min + k == max ? 1.0 : normal.cumulativeProbability(min + k + 0.5);
            p[k] = upTo - below;
            below = upTo;
        }
        return p;
    }

    public List<String> traits() {
        return traits;
    }

    public List<String> binLabels() {
        return binLabels;
    }

    /** The label of the bin a score falls in. */
    public String binOf(int score) {
        for (int i = 0; i < bins.length; i++) {
            if (score >= bins[i][0] && score <= bins[i][1]) {
                return binLabels.get(i);
            }
        }
        throw new IllegalArgumentException("OCEAN score " + score + " outside " + min + "-" + max);
    }

    /** P(score in each bin) for a normal with this mean, after rounding and clamping. */
    public double[] binProbabilities(double traitMean) {
        NormalDistribution normal = new NormalDistribution(null, traitMean, sd,
                NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
        double[] out = new double[bins.length];
        for (int i = 0; i < bins.length; i++) {
            double lo = bins[i][0] == min ? Double.NEGATIVE_INFINITY : bins[i][0] - 0.5;
            double hi = bins[i][1] == max ? Double.POSITIVE_INFINITY : bins[i][1] + 0.5;
            out[i] = normal.cumulativeProbability(hi) - (lo == Double.NEGATIVE_INFINITY ? 0
                    : normal.cumulativeProbability(lo));
        }
        return out;
    }
}
