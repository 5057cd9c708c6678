package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Farm jobs and rural posts are rare in the capital ({@code capital_rule} of {@code occupations-ro.json}, a labelled
 * judgement: no table of occupation by residence was found). Within one (sex, age, education) cell the national
 * title distribution P is split in two: the capital city's, P x factor on the named titles, renormalised, and the
 * rest of the country's, which takes the difference, (P - c P_capital) / (1 - c), where c is the capital's share of
 * the cell's employed. Their mixture is P again, so every national title share, and the ISCO group by sex, is kept.
 */
final class CapitalTitleRule {

    private final String capitalUat;
    private final double[] factor;
    private final String basis;
    private final List<JobTitle> titles;

    CapitalTitleRule(JsonNode file, List<JobTitle> titles, TitleRules[] rules, CategorySet sector) {
        JsonNode rule = file.path("capital_rule");
        double f = rule.path("factor").asDouble(Double.NaN);
        capitalUat = rule.path("capital_uat").asText();
        if (!rule.isObject() || !(f >= 0 && f <= 1) || capitalUat.isEmpty()) {
            throw new CensusDataException("occupations-ro.json: capital_rule needs capital_uat and a factor in [0, 1]");
        }
        basis = rule.path("basis").asText();
        this.titles = titles;
        factor = new double[titles.size()];
        int agriculture = sector.indexOf("agriculture");
        boolean farm = rule.path("agriculture_only_titles").asBoolean();
        List<String> posts = new ArrayList<>();
        rule.path("rural_posts").forEach(p -> posts.add(p.asText()));
        for (String post : posts) {
            if (titles.stream().noneMatch(t -> t.masculine().equals(post))) {
                throw new CensusDataException("occupations-ro.json: capital_rule names unknown title '" + post + "'");
            }
        }
        for (int t = 0; t < titles.size(); t++) {
            boolean farmOnly = farm && rules[t].sectorSplit()[agriculture] >= 0.999;
            factor[t] = farmOnly || posts.contains(titles.get(t).masculine()) ? f : 1;
        }
    }

    /** The first-tier unit (CUATM) whose localities count as the capital city. */
    String capitalUat() {
        return capitalUat;
    }

    String basis() {
        return basis;
    }

    double factor(int title) {
        return factor[title];
    }

    /**
     * P(title | capital city) from the national P of a cell whose employed live in the capital with share
     * {@code capitalShare}. Where the named titles are nearly all a cell holds (old men without schooling: farm work)
     * the factor is raised just enough for the rest of the country to keep the national shares.
     */
    double[] capital(double[] national, double capitalShare) {
        double named = 0;
        double low = 1;
        for (int t = 0; t < national.length; t++) {
            if (factor[t] < 1) {
                named += national[t];
                low = Math.min(low, factor[t]);
            }
        }
        // The other titles weigh P / Z in the capital, Z = 1 - named + f x named; the rest stays non-negative while
        // capitalShare <= Z.
        double f = named > 0 ? Math.min(1, Math.max(low, (capitalShare * (1 + 1e-9) - (1 - named)) / named)) : 1;
        double[] out = new double[national.length];
        double sum = 0;
        for (int t = 0; t < out.length; t++) {
            out[t] = national[t] * (factor[t] < 1 ? Math.max(factor[t], f) : 1);
            sum += out[t];
        }
        if (!(sum > 0)) {
            return national.clone();
        }
        for (int t = 0; t < out.length; t++) {
            out[t] /= sum;
        }
        return out;
    }

    /**
     * P(title | rest of the country) so that c P_capital + (1 - c) P_rest = P; {@code capitalShare} is the capital's
     * share of the cell's employed, below 1.
     */
    double[] rest(double[] national, double[] capital, double capitalShare, String cell) {
        double[] out = new double[national.length];
        double sum = 0;
        for (int t = 0; t < out.length; t++) {
            double p = (national[t] - capitalShare * capital[t]) / (1 - capitalShare);
            if (p < -1e-12) {
                throw new CensusDataException("occupations-ro.json: capital_rule cannot keep the national share of '"
                        + titles.get(t).masculine() + "' for " + cell + " (the capital holds " + capitalShare + " of its employed)");
            }
            out[t] = Math.max(0, p);
            sum += out[t];
        }
        for (int t = 0; t < out.length; t++) {
            out[t] /= sum;
        }
        return out;
    }
}
