package md.personas.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import md.personas.census.AdultJoint;
import md.personas.census.CategorySet;
import md.personas.census.CensusModel;
import md.personas.census.Geography;
import md.personas.census.JobTitle;
import md.personas.census.Locality;
import md.personas.census.NameModel;
import md.personas.census.OccupationModel;
import md.personas.census.OceanModel;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;

/**
 * Samples a structured persona as a pure function of (seed, proposal index, census model). Every draw is O(1)
 * (alias tables built once here) and takes its random word from its own {@link CounterRandom} slot; there is no
 * mutable state, so one sampler serves every thread.
 *
 * <p>Order of draws, each conditioned on what is already drawn:
 * <ol>
 *   <li>district (so region), residence, ethnicity, fine age group and sex jointly, from the IPF-fitted
 *       {@link md.personas.census.AdultJoint};</li>
 *   <li>single year of age | fine age group;</li>
 *   <li>locality | district, residence, ethnicity;</li>
 *   <li>mother tongue | ethnicity; usual language | place, mother tongue;</li>
 *   <li>religion | ethnicity;</li>
 *   <li>education | sex, single age, residence x tertiary area x Roma (zero below a level's minimum age);</li>
 *   <li>labour status | sex, fine age group, residence, education;</li>
 *   <li>marital status | sex, fine age group;</li>
 *   <li>for the employed: job title | sex, single age, education, capital city or not (ISCO group by sex and
 *       education, then the title by weight and female share under its entry rules, farm jobs rare in the capital:
 *       {@link OccupationModel}); sector | title, sex;</li>
 *   <li>field of study | sex, education, job title (the title's demanded field where it has one);</li>
 *   <li>first name | ethnicity, sex, birth decade; surname | ethnicity, for women in its feminine form with the
 *       group's probability ({@link NameModel});</li>
 *   <li>five OCEAN scores | sex, age group, education ({@link OceanModel#scoreDistribution(double)}, tabulated).</li>
 * </ol>
 * {@code index} and {@code uuid} are left at the proposal index until the rebalancer accepts the persona.
 */
public final class PersonaSampler {

    // Draw slots: one per variable, stable across versions so that a change to one draw leaves the others alone.
    private static final int GEO = 0;
    private static final int AGE = 1;
    // Slots 2 and 3 (sex, district) were separate draws before sex and district joined the adult joint.
    private static final int LOCALITY = 4;
    private static final int MOTHER_TONGUE = 5;
    private static final int USUAL_LANGUAGE = 6;
    private static final int RELIGION = 7;
    private static final int EDUCATION = 8;
    private static final int LABOUR = 9;
    private static final int MARITAL = 10;
    private static final int TITLE_GROUP = 11;
    private static final int SECTOR = 12;
    private static final int TITLE = 13;
    private static final int FIELD = 14;
    private static final int FIRST_NAME = 15;
    private static final int SURNAME = 16;
    private static final int SURNAME_FORM = 17;
    private static final int OCEAN = 20; // 20..24, one word per trait (25..29 were second normal words)

    // A cell of the adult joint, packed: district 0-7, ethnicity 8-13, age group 14-19, residence 20-23, sex 24-27,
    // region 28-31 (decoded with shifts: the joint's cells are drawn once per persona).
    private static final int[] CELL_SHIFT = {0, 8, 14, 20, 24, 28};
    private static final int[] CELL_BITS = {8, 6, 6, 4, 4, 4};

    private final CensusModel model;
    private final long seed;

    private final int ng;
    private final int nres;
    private final int ne;
    private final int ns;
    private final int ned;
    private final int nk;
    private final int nr;
    private final int nAges;
    private final int nTitles;
    private final int nDecades;
    private final int nMotherTongues;

    private final int[] cells;
    private final AliasTables geo;
    private final AliasTables age;
    private final AliasTables locality;
    private final AliasTables motherTongue;
    private final AliasTables usualLanguage;
    private final AliasTables religion;
    private final AliasTables education;
    private final AliasTables labour;
    private final AliasTables marital;
    private final TitleTables title;
    private final AliasTables sector;
    private final AliasTables fieldWithTitle;
    private final AliasTables fieldWithoutTitle;
    private final AliasTables firstName;
    private final AliasTables surname;
    private final AliasTables oceanScore;
    private final int oceanMin;
    private final int nAgeGroups6;

    private final String[] sexLabel;
    private final boolean[] femaleSex;
    private final String[] employmentLabel;
    private final int employed;

    /** Each family's tables are listed in the order of the flat context index its draw computes. */
    public PersonaSampler(CensusModel model, long seed) {
        this.model = model;
        this.seed = seed;
        ne = model.ethnicity().size();
        ng = model.ageGroupFine().size();
        nres = model.residence().size();
        ns = model.sex().size();
        ned = model.education().size();
        nr = model.region().size();
        nk = model.educationPlaceKinds();
        nAges = CensusModel.MAX_AGE - CensusModel.MIN_AGE + 1;
        int nd = model.geography().district().size();

        AdultJoint joint = model.adultJoint();
        geo = AliasTables.single(joint.shares());
        cells = new int[joint.shares().length];
        for (int c = 0; c < cells.length; c++) {
            AdultJoint.Cell cell = joint.cell(c);
            cells[c] = packCell(cell.district(), cell.ethnicity(), cell.group(), cell.residence(), cell.sex(),
                    cell.region());
        }
        age = AliasTables.of(List.of(model.ageGivenGroup()));
        List<double[]> places = new ArrayList<>();
        for (int d = 0; d < nd; d++) {
            for (int res = 0; res < nres; res++) {
                for (int e = 0; e < ne; e++) {
                    places.add(model.localityGivenPlaceEthnicity(d, res, e));
                }
            }
        }
        locality = AliasTables.of(places);
        motherTongue = AliasTables.of(List.of(model.motherTongueGivenEthnicity()));
        double[][][] usual = model.usualLanguageGivenPlaceMotherTongue();
        nMotherTongues = usual[0].length;
        List<double[]> usualRows = new ArrayList<>();
        for (double[][] place : usual) {
            usualRows.addAll(List.of(place));
        }
        usualLanguage = AliasTables.of(usualRows);
        religion = AliasTables.of(List.of(model.religionGivenEthnicity()));
        List<double[]> educationRows = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nAges; a++) {
                educationRows.addAll(List.of(model.educationGivenSexAgePlace()[s][a]));
            }
        }
        education = AliasTables.of(educationRows);
        List<double[]> labourRows = new ArrayList<>();
        List<double[]> maritalRows = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                maritalRows.add(model.maritalGivenSexGroup()[s][g]);
                for (int r = 0; r < nr; r++) {
                    for (int res = 0; res < nres; res++) {
                        labourRows.addAll(List.of(model.labourGivenSexGroupRegionResidenceEducation()[s][g][r][res]));
                    }
                }
            }
        }
        labour = AliasTables.of(labourRows);
        marital = AliasTables.of(maritalRows);
        OccupationModel jobs = model.occupationModel();
        nTitles = model.occupations().titles().size();
        title = new TitleTables(jobs.titleDistributions(),
                model.occupations().titles().stream().mapToInt(JobTitle::iscoMajor).toArray(), model.isco().size());
        List<double[]> sectorRows = new ArrayList<>();
        for (int t = 0; t < nTitles; t++) {
            for (int s = 0; s < ns; s++) {
                sectorRows.add(jobs.sectorDistribution(t, s));
            }
        }
        sector = AliasTables.of(sectorRows);
        List<double[]> withTitle = new ArrayList<>();
        List<double[]> withoutTitle = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            for (int ed = 0; ed < ned; ed++) {
                withoutTitle.add(model.fieldOfStudy().distribution(s, ed, null));
                for (int t = 0; t < nTitles; t++) {
                    withTitle.add(jobs.fieldDistribution(s, ed, t));
                }
            }
        }
        fieldWithTitle = AliasTables.of(withTitle);
        fieldWithoutTitle = AliasTables.of(withoutTitle);
        NameModel names = model.names();
        nDecades = names.decades().size();
        List<double[]> firstNameRows = new ArrayList<>();
        List<double[]> surnameRows = new ArrayList<>();
        for (int e = 0; e < ne; e++) {
            surnameRows.add(names.surnames(e).weights());
            for (int s = 0; s < ns; s++) {
                for (int dec = 0; dec < nDecades; dec++) {
                    firstNameRows.add(names.firstNames(e, s, dec).weights());
                }
            }
        }
        firstName = AliasTables.of(firstNameRows);
        surname = AliasTables.of(surnameRows);
        OceanModel ocean = model.ocean();
        oceanMin = ocean.min();
        nAgeGroups6 = CensusModel.AGE_GROUPS.size();
        List<double[]> scoreRows = new ArrayList<>();
        Map<Double, double[]> byMean = new HashMap<>(); // contexts with the same mean share a row
        for (int s = 0; s < ns; s++) {
            for (int g6 = 0; g6 < nAgeGroups6; g6++) {
                for (int ed = 0; ed < ned; ed++) {
                    for (int t = 0; t < OceanModel.TRAITS; t++) {
                        scoreRows.add(byMean.computeIfAbsent(ocean.mean(t, s, g6, ed), ocean::scoreDistribution));
                    }
                }
            }
        }
        oceanScore = AliasTables.of(scoreRows);
        sexLabel = model.sex().labels().toArray(new String[0]);
        femaleSex = new boolean[ns];
        for (int i = 0; i < ns; i++) {
            femaleSex[i] = "F".equals(model.sex().id(i));
        }
        employmentLabel = model.labour().labels().toArray(new String[0]);
        employed = model.labour().indexOf("employed");
    }

    private static int packCell(int... fields) {
        int code = 0;
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] >= 1 << CELL_BITS[i]) {
                throw new IllegalArgumentException("adult joint cell field " + i + " = " + fields[i]
                        + " does not fit in " + CELL_BITS[i] + " bits");
            }
            code |= fields[i] << CELL_SHIFT[i];
        }
        return code;
    }

    private static int field(int code, int i) {
        return (code >>> CELL_SHIFT[i]) & ((1 << CELL_BITS[i]) - 1);
    }

    public long seed() {
        return seed;
    }

    public CensusModel model() {
        return model;
    }

    /** The persona of a proposal index; {@code index} and {@code uuid} are those of the proposal until accepted. */
    public Persona sample(long proposal) {
        long key = CounterRandom.key(seed, proposal);

        int cell = cells[geo.sample(0, CounterRandom.word(key, GEO))];
        int d = field(cell, 0);
        int e = field(cell, 1);
        int g = field(cell, 2);
        int res = field(cell, 3);
        int s = field(cell, 4);
        int r = field(cell, 5);
        int ageYears = CensusModel.MIN_AGE + age.sample(g, CounterRandom.word(key, AGE));
        boolean female = femaleSex[s];

        Geography geography = model.geography();
        int placeIndex = geography.pool(d, res)[
                locality.sample((d * nres + res) * ne + e, CounterRandom.word(key, LOCALITY))];
        Locality place = geography.localities().get(placeIndex);

        int mother = motherTongue.sample(e, CounterRandom.word(key, MOTHER_TONGUE));
        int usual = usualLanguage.sample(model.usualLanguagePlace(d) * nMotherTongues + mother,
                CounterRandom.word(key, USUAL_LANGUAGE));
        int faith = religion.sample(e, CounterRandom.word(key, RELIGION));

        int ed = education.sample(((s * nAges) + ageYears - CensusModel.MIN_AGE) * nk
                + model.educationPlaceKind(res, d, e), CounterRandom.word(key, EDUCATION));
        int l = labour.sample((((s * ng + g) * nr + r) * nres + res) * ned + ed, CounterRandom.word(key, LABOUR));
        int m = marital.sample(s * ng + g, CounterRandom.word(key, MARITAL));

        String occupation;
        String occupationGroup;
        String iscoId = "";
        String isco08 = "";
        String sectorId = "";
        int field;
        if (l == employed) {
            int titleIndex = title.sample(model.occupationModel().titleTable(s, ageYears, ed, placeIndex),
                    CounterRandom.word(key, TITLE_GROUP), CounterRandom.word(key, TITLE));
            JobTitle job = model.occupations().titles().get(titleIndex);
            int group = job.iscoMajor();
            int sec = sector.sample(titleIndex * ns + s, CounterRandom.word(key, SECTOR));
            occupation = job.forSex(female);
            occupationGroup = model.isco().label(group);
            iscoId = model.isco().id(group);
            isco08 = job.isco08();
            sectorId = model.sector().id(sec);
            field = fieldWithTitle.sample((s * ned + ed) * nTitles + titleIndex, CounterRandom.word(key, FIELD));
        } else {
            // Not employed: the labour status in the persona's grammatical gender (Pensionară, Student).
            occupation = female ? model.labour().feminineLabel(l) : model.labour().label(l);
            occupationGroup = CensusModel.NOT_WORKING_GROUP;
            field = fieldWithoutTitle.sample(s * ned + ed, CounterRandom.word(key, FIELD));
        }

        NameModel names = model.names();
        int decade = names.decade(ageYears);
        String first = names.firstNames(e, s, decade).names()[
                firstName.sample((e * ns + s) * nDecades + decade, CounterRandom.word(key, FIRST_NAME))];
        int lastIndex = surname.sample(e, CounterRandom.word(key, SURNAME));
        String last = names.surnames(e).names()[lastIndex];
        if (female && CounterRandom.uniform(CounterRandom.word(key, SURNAME_FORM))
                < names.feminineProbability(e, lastIndex)) {
            last = names.feminineForm(e, lastIndex);
        }

        int g6 = CensusModel.ageGroupIndex(ageYears);
        int[] ocean = new int[OceanModel.TRAITS];
        int oceanContext = ((s * nAgeGroups6 + g6) * ned + ed) * OceanModel.TRAITS;
        for (int t = 0; t < OceanModel.TRAITS; t++) {
            ocean[t] = oceanMin + oceanScore.sample(oceanContext + t, CounterRandom.word(key, OCEAN + t));
        }

        CategorySet fields = model.fieldOfStudy().field();
        PersonaKeys keys = new PersonaKeys(female, model.ageGroupFine().id(g), model.region().id(r),
                model.district().id(d), model.residence().id(res), place.code(), model.ethnicity().id(e),
                model.language().id(mother), model.language().id(usual), model.religion().id(faith),
                model.education().id(ed), model.marital().id(m), model.labour().id(l), iscoId, isco08, sectorId,
                fields.id(field));
        return new Persona(PersonaIds.uuid(seed, proposal), proposal, first + " " + last, first, last, sexLabel[s],
                ageYears, CensusModel.AGE_GROUPS.get(g6), model.marital().label(m), model.education().label(ed),
                fields.label(field), occupation, occupationGroup, employmentLabel[l], model.ethnicity().label(e),
                model.language().label(mother), model.language().label(usual), model.religion().label(faith),
                place.name(), model.district().label(d), model.region().label(r), model.residence().label(res),
                CensusModel.COUNTRY, ocean[0], ocean[1], ocean[2], ocean[3], ocean[4], keys, proposal);
    }
}
