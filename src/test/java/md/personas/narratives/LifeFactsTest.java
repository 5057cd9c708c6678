package md.personas.narratives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import md.personas.narratives.LifeFacts.ChildrenStage;
import md.personas.narratives.LifeFacts.Study;
import md.personas.record.Persona;
import org.junit.jupiter.api.Test;

/** One life per record: the facts beyond the columns agree with the columns, and are the same on every call. */
class LifeFactsTest {

    @Test
    void factsAgreeWithAgeMaritalStatusLabourAndEducationOverManySampledPersonas() {
        List<String> problems = new ArrayList<>();
        for (Persona p : TestPersonas.sampled(20_000, x -> true)) {
            LifeFacts f = LifeFacts.of(p);
            String who = p.age() + " " + p.keys().maritalStatus() + " " + p.keys().labourStatus() + ": " + f;
            if (f.childrenStage() == ChildrenStage.GROWN && p.age() < 38) {
                problems.add("grown children at " + who);
            }
            if (f.grandchildren() > 0 && (p.age() < 42 || f.childrenStage() == ChildrenStage.SMALL)) {
                problems.add("grandchildren without grown children " + who);
            }
            if (f.firstChildPlanned() && (f.hasChildren() || !"married".equals(p.keys().maritalStatus()))) {
                problems.add("first child planned " + who);
            }
            if (f.withParents() && (p.age() > 34 || !"never_married".equals(p.keys().maritalStatus()))) {
                problems.add("lives with the parents " + who);
            }
            if (f.spouse() != "married".equals(p.keys().maritalStatus())) {
                problems.add("spouse " + who);
            }
            if (f.retired() != p.keys().retired() || f.recentlyRetired() && p.age() >= 70) {
                problems.add("retirement " + who);
            }
            if ((f.study() != Study.NONE) != "student".equals(p.keys().labourStatus())) {
                problems.add("study " + who);
            }
            if (f.study() == Study.LYCEUM && !"lower_secondary".equals(p.keys().education())) {
                problems.add("a lyceum after " + p.keys().education() + " " + who);
            }
            if (f.study() == Study.UNIVERSITY && f.studyYear() > 1
                    && p.age() < RecordCoherence.firstUniversityAge(p.keys().education()) + f.studyYear() - 1) {
                problems.add("university year " + f.studyYear() + " after " + p.keys().education() + " " + who);
            }
            if (f.tasks().isEmpty() == p.keys().employed() || f.tasks().contains("{") || f.tasks().contains("[")) {
                problems.add("tasks " + who);
            }
            if (f.formerWork().contains("[") || f.formerWork().contains("<")) {
                problems.add("former work " + who);
            }
            assertEquals(f, LifeFacts.of(p), "decided once: the same on every call");
        }
        assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())));
    }

    @Test
    void jobTasksFollowTheTitleAndFallBackToTheIscoGroupForAnUnknownTitle() {
        String uuid = UUID.nameUUIDFromBytes(new byte[] {1}).toString();
        LifeFacts plumber = LifeFacts.of(TestPersonas.of(uuid, false, 40, "married", "vocational_technical",
                "employed", "Instalator", "7126", "orthodox"));
        assertFalse(plumber.tasks().contains("beton"), plumber.tasks());
        assertTrue(plumber.tasks().matches(".*(țevi|instalații|calorifere|robinete).*"), plumber.tasks());
        // A title no table knows (another branch may add titles): its ISCO unit group still gives real tasks.
        LifeFacts unknown = LifeFacts.of(TestPersonas.of(uuid, true, 40, "married", "tertiary", "employed",
                "Profesoară de dans contemporan", "2330", "orthodox"));
        LifeFacts teacher = LifeFacts.of(TestPersonas.of(uuid, true, 40, "married", "tertiary", "employed",
                "Profesoară", "2330", "orthodox"));
        assertFalse(unknown.tasks().isEmpty());
        assertEquals(teacher.tasks(), unknown.tasks(), "the unit group 233 speaks for both");
        LifeFacts odd = LifeFacts.of(TestPersonas.of(uuid, false, 40, "married", "tertiary", "employed",
                "Astronaut", "9999", "orthodox"));
        assertFalse(odd.tasks().isEmpty(), "even an unknown code gets the fallback group's tasks");
    }

    @Test
    void theDescriptionForThePromptStatesTheFamilyAndTheRetirement() {
        String uuid = UUID.nameUUIDFromBytes(new byte[] {7}).toString();
        Persona p = TestPersonas.of(uuid, true, 76, "widowed", "upper_secondary", "retired", "", "", "orthodox");
        LifeFacts f = LifeFacts.of(p);
        String d = f.describe(p);
        assertTrue(d.contains("soțul a murit"), d);
        assertTrue(d.contains("este la pensie de " + f.yearsRetired() + " ani"), d);
        assertFalse(f.recentlyRetired());
        assertTrue(d.contains("a lucrat "), d);
    }

    /**
     * A job's tasks that place it in a village ("prin tot satul", "turmele din sat") are told only to villagers: a
     * town's postwoman walks its streets. Jobs that exist only in villages (the felcer) are exempt.
     */
    @Test
    void tasksThatSpeakOfTheVillageAreForVillagersOnly() throws java.io.IOException {
        java.util.regex.Pattern village = java.util.regex.Pattern.compile("\\b(?:satul|sat)\\b");
        com.fasterxml.jackson.databind.JsonNode root;
        try (var in = LifeFactsTest.class.getResourceAsStream("/narratives/job-tasks.json")) {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        List<String> ungated = new ArrayList<>();
        root.findParents("tasks").forEach(group -> {
            boolean villageJob = group.path("job").toString().contains("felcer");
            group.path("tasks").forEach(task -> {
                String text = task.isTextual() ? task.asText() : task.path("t").asText();
                String residence = task.path("when").path("residence").toString();
                if (village.matcher(text).find() && !villageJob && !residence.contains("rural")) {
                    ungated.add(text);
                }
            });
        });
        assertTrue(ungated.isEmpty(), "village tasks told to town dwellers too: " + ungated);
    }
}
