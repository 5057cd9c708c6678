package md.personas.sampling;

import java.util.Arrays;
import java.util.List;
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
 *   <li>five OCEAN scores | sex, age group, education.</li>
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
    // Slot 11 (the ISCO group) is no longer drawn: the title carries its group.
    private static final int SECTOR = 12;
    private static final int TITLE = 13;
    private static final int FIELD = 14;
    private static final int FIRST_NAME = 15;
    private static final int SURNAME = 16;
    private static final int SURNAME_FORM = 17;
    private static final int OCEAN = 20; // 20..29, two words per trait

    private final CensusModel model;
    private final long seed;

    private final AliasTable geo;
    private final AliasTable[] age;
    private final AliasTable[][][] locality;
    private final AliasTable[] motherTongue;
    private final AliasTable[][] usualLanguage;
    private final AliasTable[] religion;
    private final AliasTable[][][] education;
    private final AliasTable[][][][][] labour;
    private final AliasTable[][] marital;
    private final AliasTable[] title;
    private final AliasTable[][] sector;
    private final AliasTable[][][] fieldWithTitle;
    private final AliasTable[][] fieldWithoutTitle;
    private final AliasTable[][][] firstName;
    private final AliasTable[] surname;
    private final double[][][][] oceanMean;

    private final String[] sexLabel;
    private final String[] employmentLabel;
    private final int employed;

    public PersonaSampler(CensusModel model, long seed) {
        this.model = model;
        this.seed = seed;
        int ne = model.ethnicity().size();
        int ng = model.ageGroupFine().size();
        int nres = model.residence().size();
        int ns = model.sex().size();
        int ned = model.education().size();
        int nAges = CensusModel.MAX_AGE - CensusModel.MIN_AGE + 1;

        geo = AliasTable.of(model.adultJoint().shares());
        age = new AliasTable[ng];
        for (int g = 0; g < ng; g++) {
            age[g] = AliasTable.of(model.ageGivenGroup()[g]);
        }
        int nd = model.geography().district().size();
        locality = new AliasTable[nd][nres][ne];
        for (int d = 0; d < nd; d++) {
            for (int res = 0; res < nres; res++) {
                for (int e = 0; e < ne; e++) {
                    double[] w = model.localityGivenPlaceEthnicity(d, res, e);
                    locality[d][res][e] = w.length == 0 ? null : AliasTable.of(w);
                }
            }
        }
        motherTongue = tables(model.motherTongueGivenEthnicity());
        double[][][] usual = model.usualLanguageGivenPlaceMotherTongue();
        usualLanguage = new AliasTable[usual.length][];
        for (int p = 0; p < usual.length; p++) {
            usualLanguage[p] = tables(usual[p]);
        }
        religion = tables(model.religionGivenEthnicity());
        int nk = model.educationPlaceKinds();
        education = new AliasTable[ns][nAges][nk];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nAges; a++) {
                for (int k = 0; k < nk; k++) {
                    education[s][a][k] = AliasTable.of(model.educationGivenSexAgePlace()[s][a][k]);
                }
            }
        }
        int nr = model.region().size();
        labour = new AliasTable[ns][ng][nr][nres][ned];
        marital = new AliasTable[ns][ng];
        for (int s = 0; s < ns; s++) {
            for (int g = 0; g < ng; g++) {
                marital[s][g] = AliasTable.of(model.maritalGivenSexGroup()[s][g]);
                for (int r = 0; r < nr; r++) {
                    for (int res = 0; res < nres; res++) {
                        for (int ed = 0; ed < ned; ed++) {
                            labour[s][g][r][res][ed] = AliasTable.of(
                                    model.labourGivenSexGroupRegionResidenceEducation()[s][g][r][res][ed]);
                        }
                    }
                }
            }
        }
        OccupationModel jobs = model.occupationModel();
        List<JobTitle> titles = model.occupations().titles();
        title = new AliasTable[jobs.titleDistributions().size()];
        for (int i = 0; i < title.length; i++) {
            double[] p = jobs.titleDistributions().get(i);
            title[i] = Arrays.stream(p).sum() > 0 ? AliasTable.of(p) : null;
        }
        sector = new AliasTable[titles.size()][ns];
        for (int t = 0; t < titles.size(); t++) {
            for (int s = 0; s < ns; s++) {
                sector[t][s] = AliasTable.of(jobs.sectorDistribution(t, s));
            }
        }
        fieldWithTitle = new AliasTable[ns][ned][titles.size()];
        fieldWithoutTitle = new AliasTable[ns][ned];
        for (int s = 0; s < ns; s++) {
            for (int ed = 0; ed < ned; ed++) {
                fieldWithoutTitle[s][ed] = AliasTable.of(model.fieldOfStudy().distribution(s, ed, null));
                for (int t = 0; t < titles.size(); t++) {
                    fieldWithTitle[s][ed][t] = AliasTable.of(jobs.fieldDistribution(s, ed, t));
                }
            }
        }
        NameModel names = model.names();
        firstName = new AliasTable[ne][ns][names.decades().size()];
        surname = new AliasTable[ne];
        for (int e = 0; e < ne; e++) {
            surname[e] = AliasTable.of(names.surnames(e).weights());
            for (int s = 0; s < ns; s++) {
                for (int dec = 0; dec < names.decades().size(); dec++) {
                    firstName[e][s][dec] = AliasTable.of(names.firstNames(e, s, dec).weights());
                }
            }
        }
        OceanModel ocean = model.ocean();
        oceanMean = new double[ns][CensusModel.AGE_GROUPS.size()][ned][OceanModel.TRAITS];
        for (int s = 0; s < ns; s++) {
            for (int g6 = 0; g6 < CensusModel.AGE_GROUPS.size(); g6++) {
                for (int ed = 0; ed < ned; ed++) {
                    for (int t = 0; t < OceanModel.TRAITS; t++) {
                        oceanMean[s][g6][ed][t] = ocean.mean(t, s, g6, ed);
                    }
                }
            }
        }
        sexLabel = model.sex().labels().toArray(new String[0]);
        employmentLabel = model.labour().labels().toArray(new String[0]);
        employed = model.labour().indexOf("employed");
    }

    private static AliasTable[] tables(double[][] rows) {
        AliasTable[] out = new AliasTable[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = AliasTable.of(rows[i]);
        }
        return out;
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

        AdultJoint.Cell cell = model.adultJoint().cell(geo.sample(CounterRandom.word(key, GEO)));
        int g = cell.group();
        int e = cell.ethnicity();
        int res = cell.residence();
        int r = cell.region();
        int d = cell.district();
        int s = cell.sex();
        int ageYears = CensusModel.MIN_AGE + age[g].sample(CounterRandom.word(key, AGE));
        boolean female = "F".equals(model.sex().id(s));

        Geography geography = model.geography();
        int placeIndex = geography.pool(d, res)[locality[d][res][e].sample(CounterRandom.word(key, LOCALITY))];
        Locality place = geography.localities().get(placeIndex);

        int mother = motherTongue[e].sample(CounterRandom.word(key, MOTHER_TONGUE));
        int usual = usualLanguage[model.usualLanguagePlace(d)][mother].sample(CounterRandom.word(key, USUAL_LANGUAGE));
        int faith = religion[e].sample(CounterRandom.word(key, RELIGION));

        int ed = education[s][ageYears - CensusModel.MIN_AGE][model.educationPlaceKind(res, d, e)]
                .sample(CounterRandom.word(key, EDUCATION));
        int l = labour[s][g][r][res][ed].sample(CounterRandom.word(key, LABOUR));
        int m = marital[s][g].sample(CounterRandom.word(key, MARITAL));

        String occupation;
        String occupationGroup;
        String iscoId = "";
        String isco08 = "";
        String sectorId = "";
        int field;
        if (l == employed) {
            int titleIndex = title[model.occupationModel().titleTable(s, ageYears, ed, placeIndex)]
                    .sample(CounterRandom.word(key, TITLE));
            JobTitle job = model.occupations().titles().get(titleIndex);
            int group = job.iscoMajor();
            int sec = sector[titleIndex][s].sample(CounterRandom.word(key, SECTOR));
            occupation = job.forSex(female);
            occupationGroup = model.isco().label(group);
            iscoId = model.isco().id(group);
            isco08 = job.isco08();
            sectorId = model.sector().id(sec);
            field = fieldWithTitle[s][ed][titleIndex].sample(CounterRandom.word(key, FIELD));
        } else {
            // Not employed: the labour status in the persona's grammatical gender (Pensionară, Student).
            occupation = female ? model.labour().feminineLabel(l) : model.labour().label(l);
            occupationGroup = CensusModel.NOT_WORKING_GROUP;
            field = fieldWithoutTitle[s][ed].sample(CounterRandom.word(key, FIELD));
        }

        NameModel names = model.names();
        int decade = names.decade(ageYears);
        String first = names.firstNames(e, s, decade).names()[
                firstName[e][s][decade].sample(CounterRandom.word(key, FIRST_NAME))];
        int lastIndex = surname[e].sample(CounterRandom.word(key, SURNAME));
        String last = names.surnames(e).names()[lastIndex];
        if (female && CounterRandom.uniform(CounterRandom.word(key, SURNAME_FORM))
                < names.feminineProbability(e, lastIndex)) {
            last = names.feminineForm(e, lastIndex);
        }

        int g6 = CensusModel.ageGroupIndex(ageYears);
        int[] ocean = new int[OceanModel.TRAITS];
        for (int t = 0; t < OceanModel.TRAITS; t++) {
            double z = CounterRandom.standardNormal(CounterRandom.word(key, OCEAN + 2 * t),
                    CounterRandom.word(key, OCEAN + 2 * t + 1));
            ocean[t] = model.ocean().score(oceanMean[s][g6][ed][t], z);
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
