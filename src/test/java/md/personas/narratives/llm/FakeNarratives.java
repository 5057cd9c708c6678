package md.personas.narratives.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "model" behind {@link FakeLlmServer}: it reads the persona's profile out of the prompt, as a model would, and
 * writes Romanian narratives that meet the contract for exactly the keys the prompt asks for. It knows nothing of
 * the writer under test beyond the prompt text it receives.
 */
final class FakeNarratives {

    private static final Pattern LINE = Pattern.compile("^- ([^:]+): (.+)$", Pattern.MULTILINE);
    private static final Pattern KEYS = Pattern.compile("cu exact aceste chei: ([a-z_, ]+)\\.");

    /** What the fake reads from the prompt's profile. */
    record Facts(String firstName, String lastName, boolean female, int age, String locality, String district,
                 String region, String ethnicity, String motherTongue, String usualLanguage, String religion,
                 String education, String occupation, String status) {

        boolean retired() {
            return status.toLowerCase(Locale.ROOT).startsWith("pensionar");
        }

        boolean employed() {
            return occupation != null;
        }

        /** A key that tells the personas of a test apart. */
        String key() {
            return firstName + " " + lastName + "|" + age + "|" + locality;
        }
    }

    private FakeNarratives() {
    }

    static Facts facts(String prompt) {
        Map<String, String> lines = new LinkedHashMap<>();
        Matcher m = LINE.matcher(prompt);
        while (m.find()) {
            lines.putIfAbsent(m.group(1).trim(), m.group(2).trim());
        }
        String place = lines.getOrDefault("Localitatea", "?");
        String locality = place.contains(" (") ? place.substring(0, place.indexOf(" (")) : place;
        String age = lines.getOrDefault("Vârsta", "0").split(" ")[0];
        return new Facts(lines.get("Prenume"), lines.get("Nume de familie"), "femeie".equals(lines.get("Sex")),
                Integer.parseInt(age), locality, lines.getOrDefault("Unitatea administrativ-teritorială", ""),
                lines.getOrDefault("Regiunea", ""), lines.getOrDefault("Etnia", ""),
                lines.getOrDefault("Limba maternă", ""), lines.getOrDefault("Limba vorbită de obicei", ""),
                lines.getOrDefault("Religia", ""), lines.getOrDefault("Nivelul de studii", ""),
                lines.get("Ocupația"), lines.getOrDefault("Statutul ocupațional", ""));
    }

    /** The keys the prompt asks for, in its order. */
    static List<String> requestedKeys(String prompt) {
        Matcher m = KEYS.matcher(prompt);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String k : last.split(",")) {
            keys.add(k.trim());
        }
        return keys;
    }

    /** A contract-compliant answer for the keys. */
    static Map<String, Object> answer(Facts f, List<String> keys) {
        Map<String, Object> all = romanian(f);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : keys) {
            if (all.containsKey(k)) {
                out.put(k, all.get(k));
            }
        }
        return out;
    }

    static String years(int n) {
        int lastTwo = n % 100;
        return n + (n == 0 || (lastTwo >= 1 && lastTwo <= 19) ? " ani" : " de ani");
    }

    private static Map<String, Object> romanian(Facts f) {
        String n = f.firstName();
        boolean w = f.female();
        String harnic = w ? "harnică" : "harnic";
        String atent = w ? "atentă" : "atent";
        String pasionat = w ? "pasionată" : "pasionat";
        String mandru = w ? "mândră" : "mândru";
        String sanatos = w ? "sănătoasă" : "sănătos";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("persona", n + " locuiește în " + f.locality() + " și își începe fiecare zi cu o cafea și o privire"
                + " la grădină. Este o persoană " + harnic + " și " + atent + ", care ține la familie și la prieteni.");
        String professional;
        if (f.retired()) {
            professional = n + " a lucrat timp de mulți ani în domeniul pe care l-a studiat, până la pensie. Își"
                    + " amintește cu drag de colegii de atunci și de tot ce a învățat de la ei.";
        } else if (f.employed()) {
            professional = n + " lucrează ca " + f.occupation().toLowerCase(Locale.ROOT) + " și își face treaba cu"
                    + " grijă în fiecare zi. Colegii apreciază că este " + pasionat + " de ceea ce face.";
        } else {
            professional = n + " are studii de nivel " + f.education().toLowerCase(Locale.ROOT) + " și caută un loc"
                    + " de muncă potrivit aproape de casă. Între timp ajută familia în gospodărie.";
        }
        m.put("professional_persona", professional);
        m.put("sports_persona", n + " merge pe jos în fiecare seară prin " + f.locality() + " și face gimnastică"
                + " dimineața. Urmărește cu plăcere meciurile echipei naționale.");
        m.put("arts_persona", n + " ascultă muzică populară și citește seara câteva pagini dintr-o carte. Îi plac"
                + " spectacolele de la casa de cultură.");
        m.put("travel_persona", n + " a vizitat mănăstirile din nordul țării și ar vrea să vadă marea. Călătorește"
                + " de obicei vara, împreună cu familia.");
        m.put("culinary_persona", n + " gătește plăcinte cu brânză și sarmale după rețeta din familie. La sărbători"
                + " pregătește masa pentru toți ai casei.");
        m.put("cultural_background", culturalBackground(f, mandru));
        m.put("skills_and_expertise", n + " știe să organizeze bine treburile casei și ale muncii, să asculte"
                + " oamenii și să găsească soluții practice. Are răbdare și învață repede lucruri noi.");
        m.put("skills_and_expertise_list", List.of("organizarea timpului", "comunicare cu oamenii",
                "rezolvarea problemelor practice", "grădinărit", "gătit tradițional"));
        m.put("hobbies_and_interests", n + " își petrece timpul liber în grădină, citește și se întâlnește cu"
                + " prietenii la o cafea. Îi place să asculte muzică și să meargă la plimbare.");
        m.put("hobbies_and_interests_list", List.of("grădinărit", "lectură", "plimbări", "muzică populară",
                "întâlniri cu prietenii"));
        m.put("career_goals_and_ambitions", f.retired()
                ? n + " își dorește să rămână " + sanatos + ", să petreacă mai mult timp cu familia și să transmită"
                        + " experiența sa celor tineri din comunitate."
                : n + " își propune să își perfecționeze meseria și să urmeze un curs de calificare în anii"
                        + " următori. Vrea să ofere familiei o viață mai sigură.");
        m.put("persona_summary", n + " " + f.lastName() + ", " + years(f.age()) + ", din " + f.locality()
                + ", este o persoană " + harnic + " care pune familia și comunitatea pe primul loc în viața de zi"
                + " cu zi.");
        return m;
    }

    private static String culturalBackground(Facts f, String mandru) {
        String n = f.firstName();
        List<String> sentences = new ArrayList<>();
        sentences.add(n + " " + f.lastName() + " s-a născut și a crescut în " + f.locality() + ", " + f.district()
                + ", în " + f.region() + ", iar locul acesta îi este drag pentru oamenii lui și pentru liniștea"
                + " serilor de vară.");
        sentences.add("Familia sa are rădăcini adânci în această parte a țării, iar poveștile bunicilor despre"
                + " vremurile de altădată s-au transmis de la o generație la alta, la masa de duminică.");
        sentences.add("Etnia declarată este " + f.ethnicity().toLowerCase(Locale.ROOT) + ", limba maternă este "
                + f.motherTongue().toLowerCase(Locale.ROOT) + ", iar acasă vorbește de obicei "
                + f.usualLanguage().toLowerCase(Locale.ROOT) + ", fără să uite cuvintele și expresiile locului.");
        sentences.add("Credința (" + f.religion().toLowerCase(Locale.ROOT) + ") are un loc important în viața"
                + " familiei, mai ales la sărbătorile de iarnă și de primăvară, când rudele se adună în aceeași"
                + " casă.");
        sentences.add("Școala a fost pentru " + n + " o poartă spre lume, iar studiile de nivel "
                + f.education().toLowerCase(Locale.ROOT) + " i-au dat încredere și prieteni pe care îi păstrează și"
                + " astăzi.");
        sentences.add("În comunitate, vecinii se ajută la muncile câmpului și la pregătirea nunților și a"
                + " cumetriilor, iar " + n + " este " + mandru + " de această solidaritate.");
        sentences.add("Schimbările ultimilor ani, plecările la muncă peste hotare și revenirile acasă au lăsat"
                + " urme în fiecare familie, dar legătura cu locul de baștină a rămas puternică.");
        sentences.add("Pentru " + n + ", tradițiile nu sunt o amintire prăfuită, ci un mod viu de a fi împreună cu"
                + " cei dragi, de la colindele de Crăciun până la hora satului.");
        sentences.add("Piața din centru, biserica veche și drumul spre râu sunt locurile în care se întâlnesc"
                + " generațiile și unde se află cele mai noi vești.");
        sentences.add("Toate acestea au format un om care prețuiește munca cinstită, cuvântul dat și o masă bogată"
                + " la care este loc pentru oricine vine cu gânduri bune.");
        StringBuilder out = new StringBuilder();
        for (String s : sentences) {
            if (out.length() > 1750) {
                break;
            }
            if (out.length() > 0) {
                out.append(out.length() % 3 == 0 ? "\n\n" : " ");
            }
            out.append(s);
        }
        return out.toString();
    }

    /** The same answer in Russian (Cyrillic): the "wrong language" fault. */
    static Map<String, Object> russian(Facts f, List<String> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        String text = f.firstName() + " живёт в селе и каждый день работает в поле, любит свою семью и друзей."
                + " По вечерам читает книги и слушает народную музыку.";
        for (String k : keys) {
            if (k.endsWith("_list")) {
                out.put(k, List.of("садоводство", "чтение", "прогулки", "народная музыка"));
            } else if (k.equals("cultural_background")) {
                out.put(k, (text + " ").repeat(12).trim());
            } else {
                out.put(k, text);
            }
        }
        return out;
    }
}
