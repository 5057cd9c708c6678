package md.personas.narratives;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.sampling.PersonaSampler;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.record.Persona;
import org.junit.jupiter.api.Test;

/** A list in Cyrillic is not Romanian, even though its items are too short for the function-word test. */
class NarrativeContractListScriptTest {

    @Test
    void aRussianListBreaksTheContract() {
        Persona p = new PersonaSampler(CensusModel.load(ReferenceSource.bundled()), 1).sample(0);
        Narrative n = new Narrative("", "", "", "", "", "", "", "", List.of("садоводство", "чтение", "прогулки",
                "музыка"), "", List.of("grădinărit", "lectură", "plimbări", "muzică"), "", "", NarrativeStatus.LLM,
                "m", "v");
        List<ContractViolation> v = NarrativeContract.load().check(p, n);
        assertTrue(v.stream().anyMatch(x -> x.field().equals("skills_and_expertise_list")
                && x.rule().equals("language")), v.toString());
        assertTrue(v.stream().noneMatch(x -> x.field().equals("hobbies_and_interests_list")
                && x.rule().equals("language")), v.toString());
    }
}
