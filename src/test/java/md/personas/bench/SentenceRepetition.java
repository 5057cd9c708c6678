package md.personas.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import md.personas.record.Narrative;
import md.personas.record.Persona;

/**
 * How often the same sentence recurs across records, with the person's names masked: the share of records holding
 * the most frequent sentence, the number of sentences above 2% of records, and distinct sentences per 100,000
 * records. Keeps one count per distinct sentence (a few hundred MB at 100,000 records; a measuring tool only).
 */
final class SentenceRepetition {

    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+(?=[A-ZĂÂÎȘȚ„])");
    private final Map<String, int[]> counts = new HashMap<>();
    private long records;

    void add(Persona p, Narrative n) {
        records++;
        Set<String> seen = new HashSet<>();
        for (String text : List.of(n.persona(), n.professionalPersona(), n.sportsPersona(), n.artsPersona(),
                n.travelPersona(), n.culinaryPersona(), n.culturalBackground(), n.skillsAndExpertise(),
                n.hobbiesAndInterests(), n.careerGoalsAndAmbitions(), n.personaSummary())) {
            for (String s : SENTENCE.split(text)) {
                String masked = s.replace(p.lastName(), "<N>").replace(p.firstName(), "<N>")
                        .replaceAll("<N>(ei|i|ăi)\\b", "<N>");
                seen.add(masked);
            }
        }
        for (String s : seen) {
            counts.computeIfAbsent(s, k -> new int[1])[0]++;
        }
    }

    String report() {
        List<Map.Entry<String, int[]>> top = new ArrayList<>(counts.entrySet());
        top.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        long above = top.stream().filter(e -> e.getValue()[0] > 0.02 * records).count();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "sentences: %,d distinct per 100,000 records; %d above 2%% of records%n",
                counts.size() * 100_000L / Math.max(1, records), above));
        for (int i = 0; i < Math.min(5, top.size()); i++) {
            out.append(String.format(Locale.ROOT, "  %6.2f%%  %s%n", 100.0 * top.get(i).getValue()[0] / records,
                    top.get(i).getKey()));
        }
        return out.toString();
    }
}
