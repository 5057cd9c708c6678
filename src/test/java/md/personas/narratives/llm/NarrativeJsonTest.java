package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import md.personas.narratives.llm.NarrativeJson.Completeness;
import org.junit.jupiter.api.Test;

class NarrativeJsonTest {

    @Test
    void aPlainObject() {
        NarrativeJson.Parsed p = NarrativeJson.parse("{\"persona\": \"Ana scrie.\", \"skills_and_expertise_list\":"
                + " [\"a\", \"b\"]}");
        assertEquals(Completeness.COMPLETE, p.completeness());
        assertEquals(Map.of("persona", "Ana scrie.", "skills_and_expertise_list", List.of("a", "b")), p.fields());
    }

    @Test
    void proseAndCodeFencesAroundTheObject() {
        NarrativeJson.Parsed p = NarrativeJson.parse("Iată răspunsul:\n```json\n{\"persona\": \"Ana.\"}\n```\nGata.");
        assertEquals(Completeness.COMPLETE, p.completeness());
        assertEquals("Ana.", p.fields().get("persona"));
    }

    @Test
    void rawLineBreaksTrailingCommasAndSingleQuotesAreTolerated() {
        NarrativeJson.Parsed p = NarrativeJson.parse("{\"cultural_background\": \"Primul paragraf.\n\nAl doilea.\","
                + " 'persona': 'Ana.', \"hobbies_and_interests_list\": [\"a\", \"b\",],}");
        assertEquals(Completeness.COMPLETE, p.completeness());
        assertEquals("Primul paragraf.\n\nAl doilea.", p.fields().get("cultural_background"));
        assertEquals(List.of("a", "b"), p.fields().get("hobbies_and_interests_list"));
    }

    @Test
    void aTruncatedAnswerKeepsItsCompleteFieldsOnly() {
        NarrativeJson.Parsed p = NarrativeJson.parse("{\"persona\": \"Ana.\", \"sports_persona\": \"Ana fuge.\","
                + " \"skills_and_expertise_list\": [\"a\", \"b\"], \"hobbies_and_interests_list\": [\"x\", \"y");
        assertEquals(Completeness.TRUNCATED, p.completeness());
        assertEquals(List.of("persona", "sports_persona", "skills_and_expertise_list"),
                List.copyOf(p.fields().keySet()));
        NarrativeJson.Parsed cutInString = NarrativeJson.parse("{\"persona\": \"Ana.\", \"arts_persona\": \"Ana cân");
        assertEquals(List.of("persona"), List.copyOf(cutInString.fields().keySet()));
    }

    @Test
    void aWrappedObjectIsFlattened() {
        NarrativeJson.Parsed p = NarrativeJson.parse("{\"narrative\": {\"persona\": \"Ana.\", \"arts_persona\": \"Ana"
                + " cântă.\"}}");
        assertEquals(Completeness.COMPLETE, p.completeness());
        assertEquals(Map.of("persona", "Ana.", "arts_persona", "Ana cântă."), p.fields());
    }

    @Test
    void noJsonAtAll() {
        assertEquals(Completeness.NO_JSON, NarrativeJson.parse("Îmi pare rău, nu pot.").completeness());
        assertEquals(Completeness.NO_JSON, NarrativeJson.parse("").completeness());
        NarrativeJson.Parsed cut = NarrativeJson.parse("{\"per");
        assertEquals(Completeness.TRUNCATED, cut.completeness(), "an object cut before its first field");
        assertEquals(Map.of(), cut.fields());
    }

    @Test
    void theDraftTakesOnlyRequestedFieldsNormalizedAndCoercesListsAndParagraphs() {
        NarrativeDraft draft = new NarrativeDraft();
        draft.merge(List.of("persona", "skills_and_expertise_list", "cultural_background"), Map.of(
                "persona", "Ana  lucrează în şcoală.",
                "sports_persona", "not asked for",
                "skills_and_expertise_list", "- predare\n- răbdare\n- organizare",
                "cultural_background", List.of("Primul.", "Al doilea.")));
        assertEquals("Ana lucrează în școală.", draft.values().get("persona"));
        assertEquals("", draft.values().get("sports_persona"));
        assertEquals(List.of("predare", "răbdare", "organizare"), draft.values().get("skills_and_expertise_list"));
        assertEquals("Primul.\n\nAl doilea.", draft.values().get("cultural_background"));
        draft.merge(List.of("persona"), Map.of());
        assertEquals("Ana lucrează în școală.", draft.values().get("persona"), "a missing answer keeps the old value");
    }
}
