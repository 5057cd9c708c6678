package md.personas.record;

import java.util.List;

/**
 * The narrative columns of a record (README, "What you get") and their provenance. Lists are immutable.
 */
public record Narrative(
        String persona,
        String professionalPersona,
        String sportsPersona,
        String artsPersona,
        String travelPersona,
        String culinaryPersona,
        String culturalBackground,
        String skillsAndExpertise,
        List<String> skillsAndExpertiseList,
        String hobbiesAndInterests,
        List<String> hobbiesAndInterestsList,
        String careerGoalsAndAmbitions,
        String personaSummary,
        NarrativeStatus status,
        String model,
        String promptVersion) {

    public Narrative {
        skillsAndExpertiseList = List.copyOf(skillsAndExpertiseList);
        hobbiesAndInterestsList = List.copyOf(hobbiesAndInterestsList);
    }

    /** No narrative: the structured-only mode ({@code --narratives none}). */
    public static Narrative none() {
        return new Narrative("", "", "", "", "", "", "", "", List.of(), "", List.of(), "", "",
                NarrativeStatus.NONE, "none", "");
    }

    public boolean isWritten() {
        return status == NarrativeStatus.LLM || status == NarrativeStatus.TEMPLATE;
    }
}
