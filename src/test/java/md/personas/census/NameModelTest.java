package md.personas.census;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real names, in Moldovan spelling, with a realistic concentration and the right cohort. */
class NameModelTest {

    static CensusModel model;
    static NameModel names;

    @BeforeAll
    static void load() {
        model = CensusModel.load(ReferenceSource.bundled());
        names = model.names();
    }

    private static int group(String id) {
        return model.ethnicity().indexOf(id);
    }

    private static int index(NameModel.Pool pool, String name) {
        return Arrays.asList(pool.names()).indexOf(name);
    }

    @Test
    void romaniansShareTheMoldovanPoolWithAFlatHead() {
        NameModel.Pool moldovan = names.surnames(group("moldovan"));
        assertArrayEquals(moldovan.names(), names.surnames(group("romanian")).names());
        assertTrue(weight(moldovan, "Ionescu") < 0.001, "no Romania-only head (Ionescu, Popescu)");
        double[] w = moldovan.weights().clone();
        Arrays.sort(w);
        double top20 = 0;
        for (int i = 0; i < 20; i++) {
            top20 += w[w.length - 1 - i];
        }
        assertTrue(w[w.length - 1] < 0.01, "Rusu is well under 1% of Moldovans: " + w[w.length - 1]);
        assertTrue(top20 < 0.1, "top 20 under a tenth: " + top20);
        assertTrue(moldovan.names().length > 700);
    }

    @Test
    void feminineFormsFollowTheGroupsRule() {
        int russian = group("russian");
        int i = index(names.surnames(russian), "Ivanov");
        assertEquals("Ivanova", names.feminineForm(russian, i));
        assertEquals(0.95, names.feminineProbability(russian, i), 1e-12);
        int moldovan = group("moldovan");
        int marin = index(names.surnames(moldovan), "Marin");
        assertNull(names.feminineForm(moldovan, marin), "Marin is Romanian");
        int ivanovMd = index(names.surnames(moldovan), "Ivanov");
        assertEquals(0.4, names.feminineProbability(moldovan, ivanovMd), 1e-12,
                "women of the Moldovan pool often keep the masculine form");
        int greceanii = index(names.surnames(russian), "Greceanîi");
        assertEquals("Greceanaia", names.feminineForm(russian, greceanii));
    }

    @Test
    void romanianScriptNotEnglishOrUkrainianTransliteration() {
        List<String> russianSurnames = Arrays.asList(names.surnames(group("russian")).names());
        assertTrue(russianSurnames.contains("Cuznețov"));
        assertFalse(russianSurnames.contains("Kuznetsov"));
        int men = model.sex().indexOf("M");
        int women = model.sex().indexOf("F");
        List<String> menNames = Arrays.asList(names.firstNames(group("ukrainian"), men, 5).names());
        assertTrue(menNames.contains("Nicolai"));
        assertFalse(menNames.contains("Mykola"));
        List<String> womenNames = Arrays.asList(names.firstNames(group("russian"), women, 5).names());
        assertTrue(womenNames.contains("Galina"));
        assertFalse(womenNames.contains("Halyna"));
    }

    @Test
    void firstNamesFollowTheBirthDecade() {
        assertEquals(8, names.decade(18), "born 2006: the 2000s");
        assertEquals(0, names.decade(100), "born 1924: the 1920s");
        assertEquals("1990s", NameModel.birthDecade(30));
        int moldovan = group("moldovan");
        int women = model.sex().indexOf("F");
        NameModel.Pool old = names.firstNames(moldovan, women, names.decade(80));
        NameModel.Pool young = names.firstNames(moldovan, women, names.decade(25));
        double cristinaOld = weight(old, "Cristina");
        double cristinaYoung = weight(young, "Cristina");
        assertTrue(cristinaYoung > 20 * cristinaOld, "Cristina is a name of the young: " + cristinaOld + " vs "
                + cristinaYoung);
        for (int d = 0; d < names.decades().size(); d++) {
            assertEquals(1.0, Arrays.stream(names.firstNames(moldovan, women, d).weights()).sum(), 1e-9);
        }
    }

    private static double weight(NameModel.Pool pool, String name) {
        int i = index(pool, name);
        return i < 0 ? 0 : pool.weights()[i];
    }
}
