package md.personas.sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.sampling.PersonaIds;
import md.personas.sampling.PersonaSampler;

/** Realistic records for the sink tests: sampled personas with no narrative or a hand-made Romanian one. */
public final class TestRecords {

    static final long SEED = 20240408L;

    private static PersonaSampler sampler;

    private TestRecords() {
    }

    static synchronized PersonaSampler sampler() {
        if (sampler == null) {
            sampler = new PersonaSampler(CensusModel.load(ReferenceSource.bundled()), SEED);
        }
        return sampler;
    }

    public static Persona persona(long index) {
        return sampler().sample(index).withIndex(index, PersonaIds.uuid(SEED, index));
    }

    /** A structured-only record ({@code --narratives none}). */
    public static PersonaRecord structured(long index) {
        return new PersonaRecord(persona(index), Narrative.none());
    }

    /** A record with about 3 KB of narrative text, including quotes, commas, a line break and diacritics. */
    public static PersonaRecord narrated(long index) {
        Persona p = persona(index);
        String who = p.firstName();
        String place = p.locality();
        StringBuilder background = new StringBuilder();
        int sentence = 0;
        while (background.length() < 1800) {
            background.append(switch ((int) ((index + sentence) % 4)) {
                case 0 -> who + " a crescut în " + place + ", unde sărbătorile de iarnă, colindele și „Mărțișorul” "
                        + "se țin an de an. ";
                case 1 -> "Bunica îi povestea despre via de lângă casă, despre țuică și despre pâinea coaptă "
                        + "în cuptorul de lut; \"acasă\" înseamnă pentru " + who + " mirosul de gutui. ";
                case 2 -> "În " + p.district() + " oamenii vorbesc " + p.usualLanguage().toLowerCase()
                        + ", iar la piață se aud și alte limbi, ceea ce i-a format gustul pentru diversitate.\n";
                default -> "Ține la tradiții: învârtita, plăcintele cu brânză, serile la fântână, tot ce ține "
                        + "de satul moldovenesc, chiar dacă viața l-a purtat prin oraș. ";
            });
            sentence++;
        }
        return new PersonaRecord(p, new Narrative(
                who + " are " + p.age() + " de ani și locuiește în " + place + ".",
                who + " lucrează ca " + p.occupation() + ", cu grijă și răbdare.",
                who + " merge la fotbal duminica, cu prietenii din cartier.",
                who + " ascultă muzică populară și merge la teatrul din " + p.district() + ".",
                who + " visează să vadă Carpații și Marea Neagră.",
                who + " gătește zeamă, sarmale și plăcinte după rețeta mamei.",
                background.toString(),
                "Are experiență practică, organizare și o bună cunoaștere a comunității.",
                List.of("Organizare", "Comunicare", "Grădinărit, \"bio\"", "Lucru cu oamenii"),
                "Îi plac drumețiile, cititul și lucrul în grădină.",
                List.of("Drumeții", "Citit", "Grădinărit", "Șah", "Muzică populară"),
                "Își dorește să-și ajute familia și să învețe lucruri noi.",
                who + ", " + p.age() + " de ani, din " + place + ": o persoană harnică, legată de familie și de "
                        + "tradițiile locului.",
                NarrativeStatus.TEMPLATE, "offline-writer", "v1"));
    }

    public static List<PersonaRecord> structuredRecords(int count) {
        List<PersonaRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(structured(i));
        }
        return records;
    }

    public static List<PersonaRecord> narratedRecords(int count) {
        List<PersonaRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(narrated(i));
        }
        return records;
    }

    /**
     * The records in an order a mapAsyncUnordered stage might emit them: each moves by at most
     * {@code maxDisplacement} places (seeded, so the test input is the same on every run).
     */
    public static <T> List<T> arrivalOrder(List<T> records, int maxDisplacement, long seed) {
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>(records.size());
        int[] key = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
            key[i] = i + random.nextInt(maxDisplacement + 1);
        }
        order.sort((a, b) -> Integer.compare(key[a], key[b]));
        List<T> out = new ArrayList<>(records.size());
        for (int i : order) {
            out.add(records.get(i));
        }
        return out;
    }
}
