package md.personas.narratives.offline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the persona's hobbies and skills (4-8 short items each) and writes the texts that go with the lists, so
 * that {@code hobbies_and_interests} names every item of {@code hobbies_and_interests_list} and
 * {@code skills_and_expertise} every item of {@code skills_and_expertise_list}. Items are noun phrases in the bank;
 * the list shows them with a capital letter, the text as they are.
 */
final class ListComposer {

    static final int HOBBY_STREAM = 9;
    static final int SKILL_STREAM = 8;
    private static final int MAX_PER_DOMAIN = 2;

    private final PhraseBank bank;
    private final SkillSynonyms synonyms;
    private final int minItems;
    private final int maxItems;

    ListComposer(PhraseBank bank, SkillSynonyms synonyms, int minItems, int maxItems) {
        this.bank = bank;
        this.synonyms = synonyms;
        this.minItems = minItems;
        this.maxItems = maxItems;
    }

    record Listed(List<String> items, String text) {
    }

    /** Chooses the hobbies, sets the hobby variables the variants use, and writes the hobby list and text. */
    Listed hobbies(Scene s) {
        s.field(HOBBY_STREAM);
        int wanted = s.dice().between(Math.max(minItems, 4), Math.min(maxItems, 7));
        List<String> phrases = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        Map<String, Integer> perDomain = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Entry e : bank.pickDistinct("leisure.hobbies", s, Integer.MAX_VALUE)) {
            if (phrases.size() == wanted) {
                break;
            }
            String domain = e.attribute("domain", "other");
            if (perDomain.getOrDefault(domain, 0) >= MAX_PER_DOMAIN) {
                continue;
            }
            String np = e.text(s);
            if (!seen.add(np.toLowerCase(Locale.ROOT))) {
                continue;
            }
            perDomain.merge(domain, 1, Integer::sum);
            phrases.add(np);
            String np0 = e.has("bare") ? e.render("bare", s) : np;
            bare.add(np0);
            String domainVar = "hobby_" + domain;
            if (!s.has(domainVar)) {
                s.set(domainVar, np);
                s.set(domainVar + "_bare", np0);
            }
        }
        if (phrases.size() < minItems) {
            throw new IllegalStateException("only " + phrases.size() + " hobbies fit persona "
                    + s.profile().persona.uuid());
        }
        for (int i = 0; i < phrases.size(); i++) {
            s.set("hobby_" + (i + 1), phrases.get(i));
            s.set("hobby_" + (i + 1) + "_bare", bare.get(i));
        }
        return new Listed(capitalized(phrases), text(s, phrases, bare, "variants.hobbies_text"));
    }

    /** Skills of the job (or of the life stage), of the schooling, of languages and of character. */
    Listed skills(Scene s) {
        s.field(SKILL_STREAM);
        Profile p = s.profile();
        List<String> phrases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int wanted = s.dice().between(Math.max(minItems, 5), Math.min(maxItems, 7));
        String core = p.employed() ? "work.occupations.skills" : "work.skills.status";
        take(s, core, p.employed() ? 3 : 2, phrases, seen);
        take(s, "work.skills.group", 1, phrases, seen);
        take(s, "work.skills.field", 1, phrases, seen);
        take(s, "work.skills.language", 1, phrases, seen);
        take(s, "personality.skills", 2, phrases, seen);
        take(s, "work.skills.life", wanted - phrases.size(), phrases, seen);
        if (phrases.size() > wanted) {
            phrases = new ArrayList<>(phrases.subList(0, Math.max(wanted, minItems)));
        }
        if (phrases.size() < minItems) {
            take(s, "work.skills.life", minItems - phrases.size(), phrases, seen);
        }
        if (phrases.size() < minItems) {
            throw new IllegalStateException("only " + phrases.size() + " skills fit persona " + p.persona.uuid());
        }
        s.set("skill_1", phrases.get(0));
        return new Listed(capitalized(phrases), text(s, phrases, phrases, "variants.skills_text"));
    }

    private void take(Scene s, String key, int n, List<String> out, Set<String> seen) {
        if (n <= 0 || !bank.has(key)) {
            return;
        }
        int taken = 0;
        List<Entry> candidates = bank.pickDistinct(key, s, Integer.MAX_VALUE);
        // Heavier entries first (a skill of the very job title before one of its occupation group); stable sort.
        candidates.sort((a, b) -> Integer.compare(b.weight, a.weight));
        for (Entry e : candidates) {
            if (taken == n) {
                return;
            }
            String np = e.text(s);
            if (seen.add(synonyms.topic(np))) { // one phrase per synonym set
                out.add(np);
                taken++;
            }
        }
    }

    private static List<String> capitalized(List<String> phrases) {
        List<String> out = new ArrayList<>(phrases.size());
        for (String np : phrases) {
            out.add(Sentences.upperFirst(np));
        }
        return out;
    }

    /**
     * The text names every item: the first part in one sentence, the rest in another. {@code items_a_bare} and
     * {@code items_b_bare} hold the forms without article that Romanian wants after most prepositions.
     */
    private String text(Scene s, List<String> phrases, List<String> bare, String key) {
        int split = phrases.size() <= 4 ? 2 : 3;
        s.set("items_a", Sentences.enumerate(phrases.subList(0, split)));
        s.set("items_b", Sentences.enumerate(phrases.subList(split, phrases.size())));
        s.set("items_a_bare", Sentences.enumerate(bare.subList(0, split)));
        s.set("items_b_bare", Sentences.enumerate(bare.subList(split, bare.size())));
        return Sentences.capitalize(Sentences.terminate(bank.say(key, s)));
    }
}
