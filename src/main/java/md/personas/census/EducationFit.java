package md.personas.census;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Education by sex x age group x place kind, fitted by one IPF. A place kind is residence x area x Roma or not,
 * where the areas are the districts with a published tertiary share ({@code tertiary_share_by_area}: Chișinău,
 * Bălți, Sîngerei, Telenești, Cantemir) and "every other district". Seed: {@code education_given_sex_age_group}
 * times the urban or rural odds of each level ({@code education_given_residence}) times, for Roma, their
 * (modelled) odds. Margins: the adult population by sex x age group x place kind; the sex x age x education
 * prior; the tertiary share of urban residents and of each listed area (census 2024 final, 10+ shares converted
 * to 18+ with one national factor).
 *
 * @param areas district ids with their own tertiary share, in area order (the last area is "every other")
 * @param byGroup P(level | sex, fine group, place kind), [sex][group][place kind][level]
 * @param adultFactor the model's national adult tertiary share over the census 10+ share
 */
record EducationFit(int[] areaOfDistrict, List<String> areas, int roma, int residences, double[][][][] byGroup,
                    double adultFactor) {

    int areaCount() {
        return areas.size() + 1;
    }

    int placeKinds() {
        return residences * areaCount() * 2;
    }

    int placeKind(int residence, int district, int ethnicity) {
        return placeKind(residence, areaOfDistrict[district], ethnicity == roma);
    }

    int placeKind(int residence, int area, boolean isRoma) {
        return (residence * areaCount() + area) * 2 + (isRoma ? 1 : 0);
    }

    int residenceOf(int placeKind) {
        return placeKind / 2 / areaCount();
    }

    /** Adult population by [sex][group][place kind]. */
    double[][][] population(AdultJoint joint, int sexes, int groups) {
        double[][][] out = new double[sexes][groups][placeKinds()];
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            out[cell.sex()][cell.group()][placeKind(cell.residence(), cell.district(), cell.ethnicity())]
                    += joint.share(c);
        }
        return out;
    }

    /** Adult population by [sex][group][region][place kind]. */
    double[][][][] populationByRegion(AdultJoint joint, int sexes, int groups, int regions) {
        double[][][][] out = new double[sexes][groups][regions][placeKinds()];
        for (int c = 0; c < joint.size(); c++) {
            AdultJoint.Cell cell = joint.cell(c);
            out[cell.sex()][cell.group()][cell.region()][placeKind(cell.residence(), cell.district(),
                    cell.ethnicity())] += joint.share(c);
        }
        return out;
    }

    static EducationFit fit(TableReader tables, JsonNode placeJoints, AdultJoint joint, CategorySet district,
                            CategorySet residence, CategorySet ethnicity, CategorySet sex, FineAgeGroups groups,
                            CategorySet education, List<Ipf.Fit> fits) {
        JsonNode areaShares = tables.values("tertiary_share_by_area");
        List<String> areas = new ArrayList<>();
        areaShares.properties().forEach(e -> {
            if (district.contains(e.getKey())) {
                areas.add(e.getKey());
            }
        });
        int[] areaOf = new int[district.size()];
        for (int d = 0; d < district.size(); d++) {
            int a = areas.indexOf(district.id(d));
            areaOf[d] = a >= 0 ? a : areas.size();
        }
        EducationFit layout = new EducationFit(areaOf, List.copyOf(areas), ethnicity.indexOf("roma"),
                residence.size(), null, 0);
        double[][][] prior = tables.conditional("education_given_sex_age_group", sex, groups.categories(), education);
        double[][] byResidence = tables.conditional("education_given_residence", residence, education);
        double[] national = tables.distribution("education_10plus", education);
        JsonNode romaOddsNode = placeJoints.path("roma_profile").path("education_odds");
        int ned = education.size();
        double[] romaOdds = new double[ned];
        for (int ed = 0; ed < ned; ed++) {
            romaOdds[ed] = romaOddsNode.path(education.id(ed)).asDouble(-1);
            if (!(romaOdds[ed] > 0)) {
                throw new CensusDataException("place-joints.json: roma_profile.education_odds has no positive value "
                        + "for '" + education.id(ed) + "'");
            }
        }
        int ns = sex.size();
        int ng = groups.size();
        int nk = layout.placeKinds();
        double[][][] population = layout.population(joint, ns, ng);
        double[] seed = new double[ns * ng * nk * ned];
        double[] sexGroupPlace = new double[ns * ng * nk];
        double[] sexGroupEducation = new double[ns * ng * ned];
        int tertiary = education.indexOf("tertiary");
        int urban = residence.indexOf("urban");
        int[] tertiaryByArea = new int[seed.length];
        int[] tertiaryUrban = new int[seed.length];
        double[] areaPopulation = new double[areas.size()];
        double urbanPopulation = 0;
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                for (int k = 0; k < nk; k++) {
                    int res = layout.residenceOf(k);
                    int area = k / 2 % layout.areaCount();
                    boolean isRoma = k % 2 == 1;
                    double p = population[s][g][k];
                    sexGroupPlace[(s * ng + g) * nk + k] = p;
                    if (area < areas.size()) {
                        areaPopulation[area] += p;
                    }
                    urbanPopulation += res == urban ? p : 0;
                    for (int ed = 0; ed < ned; ed++) {
                        int c = ((s * ng + g) * nk + k) * ned + ed;
                        seed[c] = p * prior[s][g][ed] * byResidence[res][ed] / national[ed]
                                * (isRoma ? romaOdds[ed] : 1.0);
                        sexGroupEducation[(s * ng + g) * ned + ed] += p * prior[s][g][ed];
                        tertiaryByArea[c] = ed == tertiary && area < areas.size() ? area : -1;
                        tertiaryUrban[c] = ed == tertiary && res == urban ? 0 : -1;
                    }
                }
            }
        }
        // Census shares are of people aged 10+; one national factor turns them into adult shares.
        double adultTertiary = 0;
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                adultTertiary += sexGroupEducation[(s * ng + g) * ned + tertiary];
            }
        }
        double factor = adultTertiary / areaShares.path("national").asDouble(Double.NaN);
        double[] areaTarget = new double[areas.size()];
        for (int a = 0; a < areas.size(); a++) {
            areaTarget[a] = areaPopulation[a] * areaShares.path(areas.get(a)).asDouble() * factor;
        }
        double[] urbanTarget = {urbanPopulation * areaShares.path("urban").asDouble() * factor};
        if (!(factor > 0) || !(urbanTarget[0] > 0)) {
            throw CensusDataException.inTable("tertiary_share_by_area", "[]", "needs 'national' and 'urban' shares");
        }
        Ipf.Fit fit = Ipf.fit("education by sex x age group x residence x area x Roma (adults)", seed,
                new int[] {ns, ng, nk, ned},
                List.of(new Ipf.Margin("persona population by sex x age group x place kind", new int[] {0, 1, 2},
                                sexGroupPlace),
                        new Ipf.Margin("education_given_sex_age_group x population", new int[] {0, 1, 3},
                                sexGroupEducation),
                        Ipf.Margin.grouped("tertiary_share_by_area (districts)", tertiaryByArea, areaTarget),
                        Ipf.Margin.grouped("tertiary_share_by_area (urban)", tertiaryUrban, urbanTarget)),
                CensusModel.IPF_TOLERANCE, CensusModel.IPF_MAX_ITERATIONS);
        fits.add(fit);
        double[][][][] byGroup = new double[ns][ng][nk][ned];
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                for (int k = 0; k < nk; k++) {
                    int offset = ((s * ng + g) * nk + k) * ned;
                    double sum = 0;
                    for (int ed = 0; ed < ned; ed++) {
                        sum += fit.table()[offset + ed];
                    }
                    for (int ed = 0; ed < ned; ed++) {
                        // A place kind without people (Roma in a small area) keeps the prior's row.
                        byGroup[s][g][k][ed] = sum == 0 ? prior[s][g][ed] : fit.table()[offset + ed] / sum;
                    }
                }
            }
        }
        return new EducationFit(areaOf, List.copyOf(areas), layout.roma(), residence.size(), byGroup, factor);
    }
}
