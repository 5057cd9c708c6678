package md.personas.narratives.offline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the six persona variants (each 1-3 sentences that start with the first name), the career goals and the
 * 100-200 character summary. Each field draws from its own dice stream and its own section of
 * {@code variants.json} and {@code work.json}; the hobby variables set by {@link ListComposer} tie the sports,
 * arts, travel and culinary variants to the persona's hobby list.
 */
final class VariantComposer {

    private final PhraseBank bank;
    private final int summaryMin;
    private final int summaryMax;
    private final int maxVariantChars;

    VariantComposer(PhraseBank bank, int summaryMin, int summaryMax, int maxVariantChars) {
        this.bank = bank;
        this.summaryMin = summaryMin;
        this.summaryMax = summaryMax;
        this.maxVariantChars = maxVariantChars;
    }

    String persona(Scene s) {
        s.field(2);
        return variant(s, "variants.persona");
    }

    String professional(Scene s) {
        s.field(3);
        return variant(s, "work.status." + s.profile().labour + ".professional");
    }

    String sports(Scene s) {
        s.field(4);
        s.set("outdoors", bank.say("leisure.outdoors", s));
        return variant(s, s.has("hobby_sport") ? "variants.sports.hobby" : "variants.sports.plain");
    }

    String arts(Scene s) {
        s.field(5);
        s.set("ethnic_art", bank.say("communities.ethnic." + s.profile().keys.ethnicity() + ".arts", s));
        s.set("venue", bank.say("leisure.venues", s));
        return variant(s, s.has("hobby_arts") ? "variants.arts.hobby" : "variants.arts.plain");
    }

    String travel(Scene s) {
        s.field(6);
        String sight = bank.sayIfAny("places.districts." + s.profile().keys.district() + ".sights", s);
        s.set("sight", sight == null ? s.variable("loc") : sight);
        s.set("trip", bank.say("leisure.trips", s));
        return variant(s, "variants.travel");
    }

    /** True when two dish phrases name the same dish: one holds the other's first word (its head noun). */
    static boolean sameDish(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        return x.contains(y.split(" ", 2)[0]) || y.contains(x.split(" ", 2)[0]);
    }

    String culinary(Scene s) {
        s.field(7);
        String ethnic = "communities.ethnic." + s.profile().keys.ethnicity();
        s.set("dish", bank.say(ethnic + ".dishes", s));
        String second = bank.say("leisure.dishes", s);
        for (int retry = 0; retry < 4 && sameDish(second, s.variable("dish")); retry++) {
            // the same dish twice in one sentence reads as a slip ("borșul ... și borșul cu smântână")
            second = bank.say("leisure.dishes", s);
        }
        s.set("dish_2", second);
        s.set("produce", bank.say("leisure.produce", s));
        return variant(s, "variants.culinary");
    }

    /** Two or three sentences: the labour status's goal, a goal of the job or studies, a personal wish. */
    String careerGoals(Scene s) {
        s.field(10);
        Profile p = s.profile();
        s.set("dream_trip", bank.say("leisure.dream_trips", s));
        List<String> sentences = new ArrayList<>();
        sentences.add(bank.say("work.status." + p.labour + ".goals", s));
        String specific = p.employed() ? bank.sayIfAny("work.occupations.goals", s) : null;
        if (specific != null) {
            sentences.add(specific);
        }
        String personal = bank.sayIfAny("variants.goals", s);
        if (personal != null) {
            sentences.add(personal);
        }
        return join(sentences);
    }

    /**
     * Name, age, role and place, then short clauses (character, hobby, community, aim) in random order while the
     * summary stays within the contract's 100-200 characters.
     */
    String summary(Scene s) {
        s.field(11);
        String head = bank.say("variants.summary.head", s);
        List<Entry> tails = bank.pickDistinct("variants.summary.tail", s, 16);
        StringBuilder out = new StringBuilder(head);
        int target = s.dice().between(summaryMin + 30, summaryMax - 25);
        Set<String> kinds = new HashSet<>();
        boolean[] used = new boolean[tails.size()];
        // One clause of each kind (character, hobby, roots, stage): a summary, not a list. A clause does not repeat
        // the summary's words: "care iubește ..., care preferă ..." or "atașată de obiceiurile vechi, atașată de
        // tradițiile familiei" were in a fifth of the summaries. While still short of the contract's minimum, a
        // second pass allows a second clause of a kind, and a last one (rarely needed) a repeated word.
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < tails.size(); i++) {
                if (out.length() >= summaryMin && (pass > 0 || out.length() >= target)) {
                    break;
                }
                String kind = tails.get(i).attribute("kind", "other");
                if (used[i] || (pass == 0 && kinds.contains(kind))) {
                    continue;
                }
                String clause = tails.get(i).text(s);
                if ((pass == 2 || !repeats(out, clause)) && out.length() + 2 + clause.length() + 1 <= summaryMax) {
                    out.append(", ").append(clause);
                    used[i] = true;
                    kinds.add(kind);
                }
            }
        }
        String text = Sentences.capitalize(out.append('.').toString());
        if (text.length() < summaryMin || text.length() > summaryMax) {
            throw new IllegalStateException("summary of " + text.length() + " characters for persona "
                    + s.profile().persona.uuid() + ": " + text);
        }
        return text;
    }

    /** Whether the clause opens with a word the text holds, or holds one of its longer words (5 letters or more). */
    static boolean repeats(CharSequence text, String clause) {
        boolean first = true;
        for (String word : clause.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (!word.isEmpty() && (first || word.length() >= 5) && containsWord(text, word)) {
                return true;
            }
            first = first && word.isEmpty();
        }
        return false;
    }

    /** Whether {@code word} occurs in {@code text} as a whole word, in any case. */
    static boolean containsWord(CharSequence text, String word) {
        if (word.isEmpty()) {
            return false;
        }
        String lower = text.toString().toLowerCase(Locale.ROOT);
        for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
            int after = at + word.length();
            if ((at == 0 || !Character.isLetter(lower.charAt(at - 1)))
                    && (after == lower.length() || !Character.isLetter(lower.charAt(after)))) {
                return true;
            }
        }
        return false;
    }

    private String variant(Scene s, String key) {
        String text = Sentences.capitalize(Sentences.terminate(bank.say(key, s)));
        String first = s.variable("first");
        if (!text.startsWith(first)) {
            throw new IllegalStateException(key + " must start with <first>: " + text);
        }
        if (text.length() > maxVariantChars) {
            throw new IllegalStateException(key + " is longer than " + maxVariantChars + " characters: " + text);
        }
        return text;
    }

    private static String join(List<String> sentences) {
        StringBuilder out = new StringBuilder();
        for (String x : sentences) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Sentences.terminate(x));
        }
        return Sentences.capitalize(out.toString());
    }
}
