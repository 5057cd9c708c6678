package md.personas.narratives.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;
import org.junit.jupiter.api.Test;

class PhraseTemplateTest {

    static Scene scene(boolean female, String uuid) {
        PersonaKeys keys = new PersonaKeys(female, "35-39", "nord", "soroca", "rural", "7801000", "moldovan",
                "romanian", "romanian", "orthodox", "tertiary", "married", "employed", "isco_2", "2330", "services",
                "education");
        Persona p = new Persona(uuid, 0, "Ana Rusu", "Ana", "Rusu", female ? "Feminin" : "Masculin", 37, "35-44",
                "Căsătorit", "Superior", "Științe ale educației", female ? "Profesoară" : "Profesor",
                "Specialiști", "Ocupat", "Moldovean", "Română", "Română", "Ortodoxă", "Cosăuți", "Soroca",
                "Regiunea de dezvoltare Nord", "Rural", "Republica Moldova", 50, 50, 50, 50, 50, keys, 0);
        Scene s = new Scene(new Profile(p, "sat", 61, true, true, "julian", md.personas.narratives.LifeFacts.of(p)), Dice.of(p));
        s.set("first", "Ana");
        return s;
    }

    @Test
    void genderFormsFollowTheSex() {
        PhraseTemplate t = PhraseTemplate.parse("<first> s-a născut și este căsătorit{|ă}, {bucuros|bucuroasă} de familie");
        assertEquals("Ana s-a născut și este căsătorită, bucuroasă de familie",
                t.render(scene(true, "0adc7299-b45c-4e2c-b602-08fb6ade9cd0")));
        assertEquals("Ana s-a născut și este căsătorit, bucuros de familie",
                t.render(scene(false, "0adc7299-b45c-4e2c-b602-08fb6ade9cd0")));
    }

    @Test
    void choicesAreDrawnFromThePersonaAndCoverEveryOption() {
        PhraseTemplate t = PhraseTemplate.parse("[unu|doi|trei][ și patru]");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String uuid = String.format("00000000-0000-4000-8000-%012d", i);
            String once = t.render(scene(true, uuid));
            assertEquals(once, t.render(scene(true, uuid)), "same persona, same choice");
            seen.add(once);
        }
        assertEquals(Set.of("unu", "doi", "trei", "unu și patru", "doi și patru", "trei și patru"), seen);
    }

    @Test
    void expansionsListEveryTextOfOneSex() {
        PhraseTemplate t = PhraseTemplate.parse("{el|ea} [vine|pleacă] <loc>");
        assertEquals(List.of("ea vine <loc>", "ea pleacă <loc>"), t.expansions(true));
        assertEquals(List.of("loc"), t.variables());
    }

    @Test
    void malformedTemplatesAreRejectedAtLoadTime() {
        assertThrows(IllegalArgumentException.class, () -> PhraseTemplate.parse("{doar una}"));
        assertThrows(IllegalArgumentException.class, () -> PhraseTemplate.parse("[neînchis"));
        assertThrows(IllegalArgumentException.class, () -> PhraseTemplate.parse("text]"));
        assertThrows(IllegalArgumentException.class, () -> PhraseTemplate.parse("<Mare>"));
        assertThrows(IllegalArgumentException.class, () -> PhraseTemplate.parse("a > b"));
    }

    @Test
    void missingVariableIsAnError() {
        PhraseTemplate t = PhraseTemplate.parse("<nimic>");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.render(scene(true, "0adc7299-b45c-4e2c-b602-08fb6ade9cd0")));
        assertTrue(e.getMessage().contains("<nimic>"));
    }

    @Test
    void romanianNumeralsTakeDeFromTwenty() {
        assertEquals("18 ani", Sentences.years(18));
        assertEquals("19 ani", Sentences.years(19));
        assertEquals("20 de ani", Sentences.years(20));
        assertEquals("45 de ani", Sentences.years(45));
        assertEquals("100 de ani", Sentences.years(100));
        assertEquals("101 ani", Sentences.years(101));
    }

    @Test
    void feminineFirstNamesInflectInTheGenitive() {
        assertEquals("lui Ion", SceneBuilder.genitive("Ion", false));
        assertEquals("lui Toma", SceneBuilder.genitive("Toma", false));
        assertEquals("Mariei", SceneBuilder.genitive("Maria", true));
        assertEquals("Elenei", SceneBuilder.genitive("Elena", true));
        assertEquals("Veronicăi", SceneBuilder.genitive("Veronica", true));
        assertEquals("Olgăi", SceneBuilder.genitive("Olga", true));
        assertEquals("Andreei", SceneBuilder.genitive("Andreea", true));
        assertEquals("lui Anastasiia", SceneBuilder.genitive("Anastasiia", true));
        assertEquals("lui Carmen", SceneBuilder.genitive("Carmen", true));
    }

    @Test
    void capitalizeStartsEverySentence() {
        assertEquals("Lui Ion îi place. Mariei la fel! Și așa mai departe",
                Sentences.capitalize("lui Ion îi place. mariei la fel! și așa mai departe"));
        assertEquals("„Citat” și text", Sentences.capitalize("„citat” și text"));
    }
}
