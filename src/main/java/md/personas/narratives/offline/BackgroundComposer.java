package md.personas.narratives.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code cultural_background}: one paragraph of 1,500-2,500 characters (about 1,800 on average) about where
 * the persona lives, the community, faith and generation it belongs to, family, schooling, work and character.
 * The order of the sections is one of several in {@code background.orders}; every section picks its sentences and
 * facts with the persona's dice; optional sections are added until the paragraph reaches its drawn target length,
 * then trimmed if it overshoots.
 */
final class BackgroundComposer {

    static final int STREAM = 1;

    /** Sections that carry the record's own facts: never dropped to shorten the paragraph. */
    private static final Set<String> KEPT = Set.of("origin", "work", "family", "education", "closing");
    /** Facts that are statistics (shares, counts of inhabitants) do not belong in a life story. */
    private static final java.util.regex.Pattern STATISTIC = java.util.regex.Pattern.compile(
            "\\d+([.,]\\d+)?\\s?%|la sută|procent|locuitori|recensământ|populați");

    private final PhraseBank bank;
    private final int minChars;
    private final int maxChars;
    private final int targetLow;
    private final int targetHigh;
    private final int limit;
    /** Each local fact's share of its district's personas stays below this (the chance of a fact is scaled). */
    private final double factShare;

    BackgroundComposer(PhraseBank bank, int minChars, int maxChars) {
        this.bank = bank;
        this.minChars = minChars;
        this.maxChars = maxChars;
        JsonNode target = bank.node("background.target");
        targetLow = target.path("low").asInt();
        targetHigh = target.path("high").asInt();
        limit = Math.min(maxChars, target.path("limit").asInt(maxChars));
        factShare = bank.node("background.fact_share_per_fact").asDouble(0.045);
        if (targetLow < minChars || targetHigh > limit || targetLow > targetHigh) {
            throw new IllegalStateException("background.target must lie within the contract's " + minChars + "-"
                    + maxChars + " characters");
        }
    }

    private record Part(String section, String text) {
    }

    String compose(Scene s) {
        s.field(STREAM);
        Dice dice = s.dice();
        Set<Entry> used = new HashSet<>();
        JsonNode orders = bank.node("background.orders");
        JsonNode order = orders.get(dice.below(orders.size()));
        int target = dice.between(targetLow, targetHigh);

        List<Part> parts = new ArrayList<>();
        for (JsonNode name : order) {
            add(parts, name.asText(), fresh(name.asText(), s, used, parts));
        }
        List<String> extras = new ArrayList<>();
        bank.node("background.extras").forEach(n -> extras.add(n.asText()));
        shuffle(extras, dice);
        Part closing = new Part("closing", bank.say("background.closing", s));

        int length = length(parts) + closing.text.length() + 1;
        for (String extra : extras) {
            if (length >= target) {
                break;
            }
            if (present(parts, extra)) {
                continue; // one sentence on language, customs or daily life is enough
            }
            String text = fresh(extra, s, used, parts);
            if (text != null && length + text.length() + 1 <= limit) {
                // Anywhere after the opening, so that the added sections do not all gather at the end.
                parts.add(1 + dice.below(parts.size()), new Part(extra, text));
                length += text.length() + 1;
            }
        }
        // More of the persona's own life (never encyclopedic facts) for a paragraph that is still short.
        JsonNode padding = bank.node("background.padding");
        for (int round = 0; round < 3 && length < minChars + 40; round++) {
            for (JsonNode name : padding) {
                if (length >= minChars + 40) {
                    break;
                }
                String text = section(name.asText(), s, used);
                if (text != null && length + text.length() + 1 <= limit) {
                    parts.add(1 + dice.below(parts.size()), new Part(name.asText(), text));
                    length += text.length() + 1;
                }
            }
        }
        parts.add(closing);
        // Too long: drop optional sections from the end (never the record's own facts).
        for (int i = parts.size() - 1; i >= 0 && length(parts) > limit; i--) {
            if (!KEPT.contains(parts.get(i).section)) {
                parts.remove(i);
            }
        }
        StringBuilder out = new StringBuilder(limit);
        String first = s.variable("first");
        boolean previousAboutPersona = false;
        for (Part p : parts) {
            String text = Sentences.terminate(p.text);
            boolean aboutPersona = startsWithSubject(text, first);
            // Romanian drops a subject that the previous sentence already named: fewer "Ion ... Ion ... Ion".
            if (aboutPersona && previousAboutPersona && dice.chance(0.5)) {
                text = text.substring(first.length() + 1);
            }
            previousAboutPersona = aboutPersona;
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(text);
        }
        return Sentences.capitalize(out.toString());
    }

    /** The sentence opens with the first name as its subject, followed by a verb or clitic in lower case. */
    private static boolean startsWithSubject(String text, String first) {
        if (!text.startsWith(first + " ") || text.length() <= first.length() + 1) {
            return false;
        }
        String rest = text.substring(first.length() + 1);
        char c = rest.charAt(0);
        return Character.isLowerCase(c) && !rest.startsWith("și ") && !rest.startsWith("sau ")
                && !rest.startsWith("iar ");
    }

    private static boolean present(List<Part> parts, String section) {
        for (Part p : parts) {
            if (p.section.equals(section)) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Part> parts, String section, String text) {
        if (text != null && !text.isBlank()) {
            parts.add(new Part(section, text));
        }
    }

    private static int length(List<Part> parts) {
        int n = 0;
        for (Part p : parts) {
            n += p.text.length() + 1;
        }
        return n;
    }

    private static void shuffle(List<String> list, Dice dice) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = dice.below(i + 1);
            String tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    /**
     * A section's text that does not repeat the birth phrase ("la sfârșitul anilor '70") already in the paragraph:
     * a few more draws, then the section is left out.
     */
    private String fresh(String name, Scene s, Set<Entry> used, List<Part> parts) {
        String born = s.variable("born_when");
        boolean bornSaid = false;
        for (Part p : parts) {
            bornSaid |= p.text.contains(born);
        }
        for (int attempt = 0; attempt < 4; attempt++) {
            String text = section(name, s, used);
            if (text == null || !bornSaid || !text.contains(born)) {
                return text;
            }
        }
        return null;
    }

    /** The text of one section, or null when it has nothing to say about this persona. */
    private String section(String name, Scene s, Set<Entry> used) {
        Profile p = s.profile();
        String district = "places.districts." + p.keys.district();
        String ethnic = "communities.ethnic." + p.keys.ethnicity();
        return switch (name) {
            case "origin" -> say(used, "background.origin", s);
            case "place" -> localFact(s, used);
            case "capital" -> p.capital ? say(used, "places.capital.life", s) : sayIfAny(used, "life.daily", s);
            case "community" -> say(used, ethnic + ".identity", s);
            case "customs" -> sayIfAny(used, ethnic + ".customs", s);
            case "language" -> say(used, "communities.language_use", s);
            case "faith" -> faith(s);
            case "generation" -> say(used, "life.generations." + p.cohort, s);
            case "family" -> say(used, "life.family." + p.keys.maritalStatus(), s);
            case "education" -> say(used, "life.education." + p.keys.education(), s);
            case "work" -> say(used, "work.status." + p.labour + ".background", s);
            case "personality" -> personality(s);
            case "daily" -> sayIfAny(used, "life.daily", s);
            case "migration" -> sayIfAny(used, "life.migration", s);
            case "leisure" -> s.has("hobby_1") ? sayIfAny(used, "background.leisure", s) : null;
            case "home" -> sayIfAny(used, "background.home", s);
            case "food" -> sayIfAny(used, "background.food", s);
            default -> throw new IllegalStateException("background.json names an unknown section '" + name + "'");
        };
    }

    /**
     * At most one local fact, from the persona's district or locality, told as the persona's own experience. The
     * chance of telling one grows with the number of facts the district has, so that no single fact reaches more
     * than about {@code fact_share_per_fact} of the district's personas; statistics are never told.
     */
    private String localFact(Scene s, Set<Entry> used) {
        Profile p = s.profile();
        String key = "places.districts." + p.keys.district() + ".facts";
        if (!bank.has(key)) {
            return null;
        }
        List<Entry> eligible = new ArrayList<>();
        for (Entry e : bank.entries(key)) {
            if (e.when.test(p) && !STATISTIC.matcher(e.template("t").source()).find()) {
                eligible.add(e);
            }
        }
        Dice dice = s.dice();
        if (eligible.isEmpty() || !dice.chance(Math.min(0.9, factShare * eligible.size()))) {
            return null;
        }
        Entry e = eligible.get(dice.below(eligible.size()));
        used.add(e);
        s.set("fact", e.text(s));
        boolean own = e.has("locality") && e.template("locality").source().equals(s.variable("loc"));
        String kind = own ? "own_locality" : e.attribute("kind", "note");
        String bridges = "background.bridges." + kind;
        return bridge(bank.has(bridges) ? bridges : "background.bridges.note", s, used);
    }

    /** A fitting entry not yet used in this paragraph; fails when the list has none for the persona. */
    private String say(Set<Entry> used, String key, Scene s) {
        String text = sayIfAny(used, key, s);
        if (text == null) {
            throw new IllegalStateException("no entry of '" + key + "' fits persona " + s.profile().persona.uuid());
        }
        return text;
    }

    /** A fitting entry not yet used in this paragraph, or null. */
    private String sayIfAny(Set<Entry> used, String key, Scene s) {
        if (!bank.has(key)) {
            return null;
        }
        for (Entry e : bank.pickDistinct(key, s, 4)) {
            if (used.add(e)) {
                return e.text(s);
            }
        }
        return null;
    }

    /** A bridge sentence not yet used in this paragraph (the plain fact when every bridge of the kind is). */
    private String bridge(String key, Scene s, Set<Entry> used) {
        for (Entry b : bank.pickDistinct(key, s, Integer.MAX_VALUE)) {
            if (used.add(b)) {
                return b.text(s);
            }
        }
        return s.variable("fact");
    }

    private String faith(Scene s) {
        Profile p = s.profile();
        String line = bank.say("faith.religions." + p.keys.religion() + ".lines", s);
        String feast = bank.sayIfAny("faith.christmas." + p.calendar, s);
        return feast == null ? line : Sentences.terminate(line) + " " + feast;
    }

    private String personality(Scene s) {
        String combined = bank.say("personality.combined", s);
        String detail = bank.sayIfAny("personality." + s.variable("trait_a") + ".lines", s);
        // The detail may tell again the behaviour the combined sentence already told ("citește tot ce îi cade în mână").
        String does = s.variable("does_a");
        boolean repeats = detail != null && combined.contains(does) && detail.contains(does);
        return detail == null || repeats ? combined : Sentences.terminate(combined) + " " + detail;
    }
}
