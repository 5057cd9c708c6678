package md.personas.narratives.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Skills that say the same thing in other words ({@code narratives/skill-synonyms.json}). The job, the schooling
 * and the character each add skills of their own, and without this a list read "Rezistență fizică, ..., Rezistență
 * la efort fizic" in one record of 37.
 */
final class SkillSynonyms {

    static final String RESOURCE = "/narratives/skill-synonyms.json";

    /** Lower-case phrase to the first phrase of its set. */
    private final Map<String, String> topicOf;

    private SkillSynonyms(Map<String, String> topicOf) {
        this.topicOf = Map.copyOf(topicOf);
    }

    static SkillSynonyms of(List<List<String>> sets) {
        Map<String, String> topicOf = new HashMap<>();
        for (List<String> set : sets) {
            String topic = set.get(0).toLowerCase(Locale.ROOT);
            for (String phrase : set) {
                String previous = topicOf.put(phrase.toLowerCase(Locale.ROOT), topic);
                if (previous != null) {
                    throw new IllegalArgumentException("skill '" + phrase + "' is in two synonym sets");
                }
            }
        }
        return new SkillSynonyms(topicOf);
    }

    static SkillSynonyms bundled() {
        try (InputStream in = SkillSynonyms.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            JsonNode sets = new ObjectMapper().readTree(in).path("sets");
            List<List<String>> lists = new ArrayList<>();
            sets.forEach(set -> {
                List<String> phrases = new ArrayList<>();
                set.forEach(p -> phrases.add(p.asText()));
                lists.add(phrases);
            });
            return of(lists);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** What a skill is about: the same key for every phrase of one synonym set, the phrase itself otherwise. */
    String topic(String phrase) {
        String lower = phrase.toLowerCase(Locale.ROOT);
        return topicOf.getOrDefault(lower, lower);
    }

    /** Every phrase the sets name, lower-case. */
    Set<String> phrases() {
        return topicOf.keySet();
    }
}
