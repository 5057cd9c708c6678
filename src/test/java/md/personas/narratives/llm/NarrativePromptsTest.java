package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeContract;
import md.personas.record.Persona;
import org.junit.jupiter.api.Test;

class NarrativePromptsTest {

    private static final NarrativeContract CONTRACT = NarrativeContract.load();
    private final NarrativePrompts prompts = NarrativePrompts.load("ro-2", LlmTestSupport.model(), CONTRACT);
    private final TokenEstimator estimator = new TokenEstimator(3.2, prompts.expectedChars(),
            prompts.jsonCharsPerField(), 4096);

    @Test
    void everyFirstPromptStatesEveryFactAndTheGuidanceOfItsStageOfLife() {
        Set<LifeStage> seen = EnumSet.noneOf(LifeStage.class);
        for (Persona p : LlmTestSupport.personas(400)) {
            ChatRequest r = prompts.first(p, estimator);
            String u = r.user();
            assertFalse(u.contains("{{") || r.system().contains("{{"), "unfilled placeholder");
            String facts = u.substring(u.indexOf("FIȘA PERSOANEI"), u.indexOf("REGULI"));
            assertFalse(facts.matches("(?s).*[şţŞŢ].*"), "the prompt itself uses comma-below diacritics");
            assertTrue(u.contains("- Prenume: " + p.firstName() + "\n"));
            assertTrue(u.contains("- Vârsta: " + PersonaProfile.count(p.age(), "ani") + "\n"));
            assertTrue(u.contains("- Localitatea: " + md.personas.narratives.PlaceNames.spoken(p.locality()) + " ("));
            assertTrue(u.contains("mediu " + p.residenceType().toLowerCase()));
            assertTrue(u.contains(p.region()));
            assertTrue(u.contains("- Limba maternă: " + p.motherTongue() + "\n"));
            assertTrue(u.contains("- Limba vorbită de obicei: " + p.usualLanguage() + "\n"));
            assertTrue(u.contains("- Nivelul de studii: " + p.educationLevel() + "\n"));
            assertEquals(p.keys().employed(), u.contains("- Ocupația: " + p.occupation() + "\n"));
            assertTrue(u.contains("exact aceste chei: " + String.join(", ", NarrativePrompts.ALL_FIELDS) + "."));
            assertTrue(u.contains(p.isFemale() ? "genul feminin" : "genul masculin"));
            LifeStage stage = LifeStage.of(p);
            seen.add(stage);
            String guidance = switch (stage) {
                case YOUNG -> "este la început de drum";
                case WORKING -> "lucrează ca " + p.occupation().substring(0, 1).toLowerCase()
                        + p.occupation().substring(1) + ".";
                case NOT_WORKING -> "nu are în prezent un loc de muncă";
                case RETIRED -> "vorbește despre ea numai la timpul trecut";
            };
            assertTrue(u.contains(guidance), stage + " guidance for " + p);
            assertEquals(4096, r.maxTokens());
            assertTrue(r.first());
        }
        assertEquals(EnumSet.allOf(LifeStage.class), seen);
    }

    @Test
    void personalityIsBehaviourAndRomanianNumbersAgree() {
        assertEquals("18 ani", PersonaProfile.count(18, "ani"));
        assertEquals("19 ani", PersonaProfile.count(19, "ani"));
        assertEquals("20 de ani", PersonaProfile.count(20, "ani"));
        assertEquals("101 ani", PersonaProfile.count(101, "ani"));
        assertEquals("0 elemente", PersonaProfile.count(0, "elemente"));
        Persona open = LlmTestSupport.personas(1, p -> p.oceanOpenness() >= 65 && p.oceanNeuroticism() < 40).get(0);
        String u = prompts.first(open, estimator).user();
        assertTrue(u.contains("caută idei noi"));
        assertTrue(u.contains("rămâne calm sub presiune"));
        assertFalse(u.contains(Integer.toString(open.oceanOpenness()) + " "), "no scores in the prompt");
    }

    @Test
    void aRepairAsksForTheFailingFieldsWithTheirProblemsAndPreviousText() {
        Persona p = LlmTestSupport.personas(1, x -> x.isFemale() && x.keys().retired()).get(0);
        List<ContractViolation> violations = List.of(
                new ContractViolation("persona_summary", "length", "has 40 characters; the contract asks for 100-200"),
                new ContractViolation("professional_persona", "past_tense", "speaks in the present"),
                new ContractViolation("professional_persona", "gender", "uses 'născut' for a woman; write 'născută'"),
                new ContractViolation("hobbies_and_interests_list", "list_size", "has 2 items"));
        Map<String, Object> previous = Map.of("persona_summary", "Prea scurt: doar patruzeci de caractere.",
                "professional_persona", p.firstName() + " lucrează ca profesoară.",
                "hobbies_and_interests_list", List.of("lectură", "grădină"));
        ChatRequest r = prompts.repair(p, violations, previous, estimator, 1);
        assertEquals(List.of("professional_persona", "hobbies_and_interests_list", "persona_summary"), r.fields(),
                "failing fields in contract order");
        String u = r.user();
        assertTrue(u.contains("exact aceste chei: professional_persona, hobbies_and_interests_list, persona_summary."));
        assertTrue(u.contains("- persona_summary: are 40 de caractere; cerința este 100-200 de caractere"), u);
        assertTrue(u.contains("- professional_persona: folosește „născut” pentru femeie; scrie „născută”"));
        assertTrue(u.contains("- professional_persona: vorbește despre carieră la prezent"));
        assertTrue(u.contains("- hobbies_and_interests_list: are 2 elemente; cerința este 4-8"));
        assertTrue(u.contains("- hobbies_and_interests_list: [\"lectură\",\"grădină\"]"), "previous text quoted");
        assertFalse(u.contains("- sports_persona:"));
        assertFalse(u.contains("{{"));
        assertTrue(r.maxTokens() < 4096 && r.maxTokens() >= 256);
        assertFalse(r.first());
    }

    @Test
    void theSchemaHoldsExactlyTheRequestedFields() {
        ObjectNode schema = NarrativePrompts.schema(List.of("persona", "skills_and_expertise_list"));
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        assertEquals(List.of("persona", "skills_and_expertise_list"), required);
        assertEquals("string", schema.path("properties").path("persona").path("type").asText());
        assertEquals("array", schema.path("properties").path("skills_and_expertise_list").path("type").asText());
        assertFalse(schema.path("additionalProperties").asBoolean());
    }

    @Test
    void anUnknownPromptVersionIsAConfigurationError() {
        LlmConfigurationException e = assertThrows(LlmConfigurationException.class,
                () -> NarrativePrompts.load("ro-99", LlmTestSupport.model(), CONTRACT));
        assertTrue(e.getMessage().startsWith("prompt narratives/llm/prompt-ro-99.conf"), e.getMessage());
    }
}
