package md.personas.narratives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.record.Narrative;
import md.personas.record.Persona;

/**
 * The narrative contract, loaded from {@code narratives/contract.json}: lengths, sentence and list
 * limits, Romanian with comma-below diacritics, gender agreement, the record's own age, place and occupation, and
 * past tense for retired careers. The same checks judge the offline writer, every LLM response and
 * {@code validate}, so a released record never passes one and fails another.
 */
public final class NarrativeContract {

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…]+(?=\\s|$)");

    private final String version;
    private final JsonNode lengths;
    private final int minSentences;
    private final int maxSentences;
    private final int maxVariantChars;
    private final int minItems;
    private final int maxItems;
    private final int maxItemChars;
    private final double maxCyrillicShare;
    private final double minFunctionWordShare;
    /** What the contract knows of each word it reads (function word, gender pair, gender-neutralising): one probe. */
    private final WordTable<WordRole> wordRoles;
    /** Every age pattern of the contract in one alternation, matched against lower-case text. */
    private final Pattern agePattern;
    /** Characters around a number that an age pattern may span ("în vârstă de 45 de ani"). */
    private static final int AGE_WINDOW = 40;
    private final List<String> presentWorkPhrases = new ArrayList<>();
    private final List<String> pastMarkers = new ArrayList<>();
    private final boolean mustStartWithFirstName;
    private final List<String> pastTenseFields = new ArrayList<>();
    private final String placeField;
    private final List<String> occupationFields = new ArrayList<>();
    /** The positions of {@link #occupationFields} among the text fields. */
    private final int[] occupationTexts;
    /** Rule id (url, email, code, instruction) to the pattern that finds it. */
    private final java.util.Map<String, Pattern> forbidden = new java.util.LinkedHashMap<>();
    /** Substrings (lower case) of which one must occur before a forbidden pattern is run: the check is per record. */
    private final java.util.Map<String, List<String>> forbiddenHints = new java.util.HashMap<>();

    private NarrativeContract(JsonNode root) {
        version = root.path("version").asText();
        lengths = root.path("lengths");
        JsonNode variants = root.path("persona_variants");
        minSentences = variants.path("min_sentences").asInt();
        maxSentences = variants.path("max_sentences").asInt();
        maxVariantChars = variants.path("max_chars").asInt();
        mustStartWithFirstName = variants.path("must_start_with_first_name").asBoolean(true);
        JsonNode lists = root.path("lists");
        minItems = lists.path("min_items").asInt();
        maxItems = lists.path("max_items").asInt();
        maxItemChars = lists.path("max_item_chars").asInt();
        JsonNode romanian = root.path("romanian");
        maxCyrillicShare = romanian.path("max_cyrillic_share").asDouble();
        minFunctionWordShare = romanian.path("min_function_word_share").asDouble();
        Set<String> functionWords = new HashSet<>();
        java.util.Map<String, String[]> genderWords = new java.util.HashMap<>();
        Set<String> invariantAfter = new HashSet<>();
        romanian.path("function_words").forEach(w -> functionWords.add(w.asText()));
        root.path("gender").path("pairs").forEach(p -> {
            String[] pair = {p.get(0).asText(), p.get(1).asText()};
            genderWords.put(pair[0], pair);
            genderWords.put(pair[1], pair);
        });
        root.path("gender").path("invariant_after").forEach(w -> invariantAfter.add(w.asText()));
        java.util.Map<String, WordRole> roles = new java.util.HashMap<>();
        Set<String> known = new HashSet<>(functionWords);
        known.addAll(genderWords.keySet());
        known.addAll(invariantAfter);
        for (String w : known) {
            roles.put(w, new WordRole(functionWords.contains(w), genderWords.get(w), invariantAfter.contains(w)));
        }
        wordRoles = new WordTable<>(roles);
        // One alternation of every age pattern, so a text is scanned once; the number is in the first group that
        // matched.
        List<String> alternatives = new ArrayList<>();
        root.path("age").path("patterns").forEach(p -> alternatives.add("(?:" + p.asText() + ")"));
        // Matched against the lower-cased text: no case folding in the hot path.
        agePattern = Pattern.compile(String.join("|", alternatives));
        root.path("past_tense").path("present_work_phrases").forEach(w -> presentWorkPhrases.add(w.asText()));
        root.path("past_tense").path("past_markers").forEach(w -> pastMarkers.add(w.asText()));
        root.path("past_tense").path("fields").forEach(w -> pastTenseFields.add(w.asText()));
        placeField = root.path("mentions").path("place_field").asText("cultural_background");
        root.path("mentions").path("occupation_fields").forEach(w -> occupationFields.add(w.asText()));
        root.path("forbidden").path("patterns").properties()
                .forEach(e -> forbidden.put(e.getKey(), Pattern.compile(e.getValue().asText())));
        for (String rule : forbidden.keySet()) {
            List<String> hints = new ArrayList<>();
            root.path("forbidden").path("hints").path(rule).forEach(h -> hints.add(h.asText()));
            if (hints.isEmpty()) {
                throw new IllegalStateException("narratives/contract.json: forbidden." + rule + " has no hints");
            }
            forbiddenHints.put(rule, hints);
        }
        for (String f : pastTenseFields) {
            requireField(f, "past_tense.fields");
        }
        requireField(placeField, "mentions.place_field");
        for (String f : occupationFields) {
            requireField(f, "mentions.occupation_fields");
        }
        occupationTexts = new int[occupationFields.size()];
        for (int i = 0; i < occupationTexts.length; i++) {
            occupationTexts[i] = requireText(occupationFields.get(i), "mentions.occupation_fields");
        }
        for (String f : pastTenseFields) {
            requireText(f, "past_tense.fields");
        }
        for (var e : lengths.properties()) {
            requireField(e.getKey(), "lengths");
        }
    }

    /** The field's index among the text fields; a list field cannot be read as one text. */
    private static int requireText(String field, String where) {
        int i = NarrativeFields.textIndex(field);
        if (i < 0) {
            throw new IllegalStateException("narratives/contract.json: " + where + " names '" + field
                    + "', which is not a text field");
        }
        return i;
    }

    private static void requireField(String field, String where) {
        if (!NarrativeFields.ALL.contains(field)) {
            throw new IllegalStateException("narratives/contract.json: " + where + " names '" + field
                    + "', which is not a narrative field");
        }
    }

    /** The contract shipped with the project. */
    public static NarrativeContract load() {
        try (InputStream in = NarrativeContract.class.getResourceAsStream("/narratives/contract.json")) {
            if (in == null) {
                throw new IllegalStateException("resource narratives/contract.json is missing from the build");
            }
            return new NarrativeContract(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read narratives/contract.json", e);
        }
    }

    public String version() {
        return version;
    }

    /** Minimum and maximum characters of a length-limited field, e.g. {@code cultural_background}. */
    /** The length {@code cultural_background} should aim for (the writers' target). */
    public int targetChars(String field) {
        return lengths.path(field).path("target_chars").asInt((minChars(field) + maxChars(field)) / 2);
    }

    public int minChars(String field) {
        return lengths.path(field).path("min_chars").asInt(1);
    }

    public int maxChars(String field) {
        return lengths.path(field).path("max_chars").asInt(Integer.MAX_VALUE);
    }

    public int minListItems() {
        return minItems;
    }

    public int maxListItems() {
        return maxItems;
    }

    public int maxSentences() {
        return maxSentences;
    }

    public int minSentences() {
        return minSentences;
    }

    /** Longest persona variant (persona, professional_persona, ...) in characters. */
    public int maxVariantChars() {
        return maxVariantChars;
    }

    public int maxListItemChars() {
        return maxItemChars;
    }

    /**
     * The deterministic fixes applied to every narrative before it is checked: cedilla ş ţ to comma-below ș ț,
     * Unicode NFC, trimmed fields and list items, collapsed runs of spaces.
     */
    public static String normalizeText(String text) {
        if (text == null) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFC)
                .replace('ş', 'ș').replace('ţ', 'ț').replace('Ş', 'Ș').replace('Ţ', 'Ț');
        return s.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" *\\n *", "\n").trim();
    }

    public static Narrative normalize(Narrative n) {
        return new Narrative(normalizeText(n.persona()), normalizeText(n.professionalPersona()),
                normalizeText(n.sportsPersona()), normalizeText(n.artsPersona()), normalizeText(n.travelPersona()),
                normalizeText(n.culinaryPersona()), normalizeText(n.culturalBackground()),
                normalizeText(n.skillsAndExpertise()), normalizeList(n.skillsAndExpertiseList()),
                normalizeText(n.hobbiesAndInterests()), normalizeList(n.hobbiesAndInterestsList()),
                normalizeText(n.careerGoalsAndAmbitions()), normalizeText(n.personaSummary()), n.status(), n.model(),
                n.promptVersion());
    }

    private static List<String> normalizeList(List<String> items) {
        List<String> out = new ArrayList<>(items.size());
        for (String item : items) {
            String s = normalizeText(item);
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every violation of the contract by this narrative for this persona; empty when it complies. */
    public List<ContractViolation> check(Persona p, Narrative n) {
        return check(p, n, NarrativeFields.lowerTexts(n));
    }

    /** As {@link #check(Persona, Narrative)}, with the text fields already in lower case ({@code lower}). */
    List<ContractViolation> check(Persona p, Narrative n, String[] lower) {
        List<ContractViolation> out = new ArrayList<>();
        int text = 0;
        for (String field : NarrativeFields.ALL) {
            Object value = NarrativeFields.value(n, field);
            if (value instanceof String s) {
                String low = lower[text++];
                if (s.isBlank()) {
                    out.add(new ContractViolation(field, "missing", "is empty"));
                    continue;
                }
                checkText(p, field, s, low, out);
                checkForbidden(field, s, low, out);
                if (NarrativeFields.kind(field) == NarrativeFields.Kind.VARIANT) {
                    checkVariant(p, field, s, out);
                }
                if (lengths.has(field)) {
                    checkLength(field, s, out);
                }
            } else {
                @SuppressWarnings("unchecked")
                List<String> items = (List<String>) value;
                checkList(p, field, items, out);
                for (String item : items) {
                    checkForbidden(field, item, null, out);
                }
            }
        }
        checkPlace(p, n, out);
        checkOccupation(p, lower, out);
        checkPastTense(p, lower, out);
        return out;
    }

    /** No URL, e-mail address, code or instruction addressed to a model. */
    private void checkForbidden(String field, String text, String lowerText, List<ContractViolation> out) {
        String lower = lowerText;
        for (var e : forbidden.entrySet()) {
            if (lower == null) {
                lower = text.toLowerCase(Locale.ROOT);
            }
            boolean hinted = false;
            for (String hint : forbiddenHints.get(e.getKey())) {
                if (lower.contains(hint)) {
                    hinted = true;
                    break;
                }
            }
            if (!hinted) {
                continue;
            }
            Matcher m = e.getValue().matcher(text);
            if (m.find()) {
                out.add(new ContractViolation(field, "forbidden_" + e.getKey(), "contains "
                        + switch (e.getKey()) {
                            case "url" -> "a URL";
                            case "email" -> "an e-mail address";
                            case "code" -> "code or markup";
                            case "instruction" -> "an instruction addressed to a model";
                            default -> e.getKey();
                        } + " ('" + abbreviate(m.group()) + "'); write only about the persona"));
                return;
            }
        }
    }

    private void checkLength(String field, String text, List<ContractViolation> out) {
        if (text == null || text.isBlank()) {
            return;
        }
        int len = text.codePointCount(0, text.length());
        int min = minChars(field);
        int max = maxChars(field);
        if (len < min || len > max) {
            out.add(new ContractViolation(field, "length",
                    "has " + len + " characters; the contract asks for " + min + "-" + max));
        }
    }

    private void checkVariant(Persona p, String field, String text, List<ContractViolation> out) {
        if (mustStartWithFirstName && !text.startsWith(p.firstName())) {
            out.add(new ContractViolation(field, "first_name", "must start with the first name " + p.firstName()));
        }
        int sentences = countSentences(text);
        if (sentences < minSentences || sentences > maxSentences) {
            out.add(new ContractViolation(field, "sentences", "has " + sentences + " sentences; the contract asks for "
                    + minSentences + "-" + maxSentences));
        }
        if (text.length() > maxVariantChars) {
            out.add(new ContractViolation(field, "length",
                    "has " + text.length() + " characters; at most " + maxVariantChars));
        }
    }

    /** Sentence count: terminal punctuation followed by space or end; a trailing fragment counts as one. */
    static int countSentences(String text) {
        Matcher m = SENTENCE_END.matcher(text.trim());
        int count = 0;
        int lastEnd = 0;
        while (m.find()) {
            count++;
            lastEnd = m.end();
        }
        if (!text.trim().substring(lastEnd).isBlank()) {
            count++;
        }
        return count;
    }

    private void checkList(Persona p, String field, List<String> items, List<ContractViolation> out) {
        if (items.size() < minItems || items.size() > maxItems) {
            out.add(new ContractViolation(field, "list_size",
                    "has " + items.size() + " items; the contract asks for " + minItems + "-" + maxItems));
        }
        Set<String> seen = new HashSet<>();
        for (String item : items) {
            if (item.isBlank()) {
                out.add(new ContractViolation(field, "list_item", "has an empty item"));
            } else if (item.length() > maxItemChars) {
                out.add(new ContractViolation(field, "list_item",
                        "item '" + abbreviate(item) + "' is longer than " + maxItemChars + " characters"));
            } else if (!seen.add(item.toLowerCase(Locale.ROOT))) {
                out.add(new ContractViolation(field, "list_item", "repeats the item '" + abbreviate(item) + "'"));
            }
            checkCharacters(field, item, out);
        }
        // List items are too short for the function-word test, but a list in Cyrillic is still not Romanian.
        checkScript(field, String.join(" ", items), out);
    }

    /** Checks one text; {@code lower} is the text in lower case. */
    private void checkText(Persona p, String field, String text, String lower, List<ContractViolation> out) {
        checkCharacters(field, text, out);
        checkWords(p, field, text, lower, out);
        checkAge(p, field, lower, out);
    }

    private void checkCharacters(String field, String text, List<ContractViolation> out) {
        if (text.indexOf('ş') >= 0 || text.indexOf('ţ') >= 0 || text.indexOf('Ş') >= 0 || text.indexOf('Ţ') >= 0) {
            out.add(new ContractViolation(field, "cedilla", "uses cedilla ş/ţ instead of comma-below ș/ț"));
        }
    }

    /**
     * The word-level checks in one scan of the lower-case text: the share of function words (is it Romanian?) and
     * gender agreement (a word of the wrong form, unless the word before makes it invariant). Words are letters with
     * inner hyphens; they are looked up in place, never cut out, since this runs on every text of every record.
     */
    private void checkWords(Persona p, String field, String text, String lower, List<ContractViolation> out) {
        int wrongForm = p.isFemale() ? 0 : 1;
        int words = 0;
        int function = 0;
        List<ContractViolation> gender = null;
        WordRole before = null;
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            char ch = i < lower.length() ? lower.charAt(i) : ' ';
            boolean inWord = ch < 128 ? (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z' || ch == '-' && start >= 0
                    : Character.isLetter(ch);
            if (inWord && start < 0) {
                start = i;
            } else if (!inWord && start >= 0) {
                words++;
                WordRole role = wordRoles.get(lower, start, i);
                if (role != null) {
                    if (role.function()) {
                        function++;
                    }
                    String[] pair = role.pair();
                    if (pair != null && pair[wrongForm].length() == i - start
                            && lower.regionMatches(start, pair[wrongForm], 0, i - start)
                            && (before == null || !before.invariantAfter())) {
                        String w = pair[wrongForm];
                        if (gender == null) {
                            gender = new ArrayList<>(1);
                        }
                        gender.add(new ContractViolation(field, "gender", "uses '" + w + "' for a "
                                + (p.isFemale() ? "woman; write '" + pair[1] + "'" : "man; write '" + pair[0] + "'")));
                    }
                }
                before = role;
                start = -1;
            }
        }
        if (checkScript(field, text, out) && words >= 12 && (double) function / words < minFunctionWordShare) {
            out.add(new ContractViolation(field, "language", "does not read as Romanian"));
        }
        if (gender != null) {
            out.addAll(gender);
        }
    }

    /** A word's parts in the contract: a function word, one of a gender pair, a word after which gender is moot. */
    private record WordRole(boolean function, String[] pair, boolean invariantAfter) {
    }

    /** False (and a violation) when the text is mostly Cyrillic. */
    private boolean checkScript(String field, String text, List<ContractViolation> out) {
        int letters = 0;
        int cyrillic = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 128 ? (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z' : Character.isLetter(ch)) {
                letters++;
                if (ch >= '\u0400' && ch <= '\u04FF') { // the CYRILLIC block, without a block lookup per letter
                    cyrillic++;
                }
            }
        }
        if (letters > 0 && (double) cyrillic / letters > maxCyrillicShare) {
            out.add(new ContractViolation(field, "language", "is not in Romanian (Cyrillic script)"));
            return false;
        }
        return true;
    }

    /**
     * Every age pattern states the age in digits followed by "ani" or "de ani" (contract.json says so), so the
     * patterns run only in a short window around each such number instead of over the whole text: scanning a
     * whole text with an alternation that starts at a word boundary cost more than the rest of the contract.
     */
    private void checkAge(Persona p, String field, String text, List<ContractViolation> out) {
        if (!text.contains("ani")) {
            return;
        }
        Matcher m = null;
        int searched = 0;
        int len = text.length();
        for (int i = 0; i < len; i++) {
            if (!isAsciiDigit(text.charAt(i))) {
                continue;
            }
            int end = i;
            while (end < len && isAsciiDigit(text.charAt(end))) {
                end++;
            }
            if (text.startsWith(" ani", end) || text.startsWith(" de ani", end)) {
                if (m == null) {
                    m = agePattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(Math.max(searched, i - AGE_WINDOW), Math.min(len, end + AGE_WINDOW));
                while (m.find()) {
                    searched = m.end();
                    String number = null;
                    for (int g = 1; g <= m.groupCount() && number == null; g++) {
                        number = m.group(g);
                    }
                    int stated = Integer.parseInt(number);
                    if (stated != p.age()) {
                        out.add(new ContractViolation(field, "age",
                                "states an age of " + stated + " but the persona is " + p.age()));
                    }
                }
            }
            i = end;
        }
    }

    private static boolean isAsciiDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** The place as people write it: the locality without a census label such as "loc.st.c.f.", or the district. */
    private void checkPlace(Persona p, Narrative n, List<ContractViolation> out) {
        String text = (String) NarrativeFields.value(n, placeField);
        if (text.isBlank()) {
            return;
        }
        String locality = PlaceNames.spoken(p.locality());
        String district = PlaceNames.districtName(p);
        if (!text.contains(locality) && !text.contains(district)) {
            out.add(new ContractViolation(placeField, "place",
                    "does not name the persona's locality " + locality + " or district " + district));
        }
    }

    private void checkOccupation(Persona p, String[] lower, List<ContractViolation> out) {
        if (!p.keys().employed()) {
            return;
        }
        String stem = occupationStem(p.occupation());
        boolean named = false;
        for (int f : occupationTexts) {
            named |= lower[f].contains(stem); // the stem is one word, so no match spans two fields
        }
        if (!named) {
            out.add(new ContractViolation(occupationFields.get(0), "occupation",
                    "does not mention the persona's occupation " + p.occupation()));
        }
    }

    /** The first word of a job title without its last letter, so that inflected forms still match. */
    static String occupationStem(String title) {
        String first = title.toLowerCase(Locale.ROOT).split("[ /-]")[0];
        return first.length() > 4 ? first.substring(0, first.length() - 1) : first;
    }

    private void checkPastTense(Persona p, String[] lower, List<ContractViolation> out) {
        if (!p.keys().retired()) {
            return;
        }
        for (String field : pastTenseFields) {
            String text = lower[NarrativeFields.textIndex(field)];
            if (text.isBlank()) {
                continue;
            }
            boolean present = false;
            for (String phrase : presentWorkPhrases) {
                if (text.contains(phrase)) {
                    out.add(new ContractViolation(field, "past_tense",
                            "speaks of a retired persona's career in the present ('" + phrase + "')"));
                    present = true;
                    break;
                }
            }
            if (!present && pastMarkers.stream().noneMatch(text::contains)) {
                out.add(new ContractViolation(field, "past_tense",
                        "must speak of a retired persona's career in the past tense"));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
