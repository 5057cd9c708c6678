package md.personas.narratives.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.NarrativeOutcome;
import md.personas.record.Narrative;
import md.personas.record.NarrativeStatus;
import md.personas.record.Persona;
import md.personas.record.PersonaKeys;
import md.personas.sampling.PersonaSampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OfflineNarrativeWriterTest {

    private static final long SEED = 20240408L;
    /** The contract's sentence ends: terminal punctuation followed by a space or the end. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…]+(?=\\s|$)");
    private static CensusModel model;
    private static PersonaSampler sampler;
    private static OfflineNarrativeWriter writer;
    private static NarrativeContract contract;

    @BeforeAll
    static void setUp() {
        model = CensusModel.load(ReferenceSource.bundled());
        sampler = new PersonaSampler(model, SEED);
        writer = new OfflineNarrativeWriter(model);
        contract = NarrativeContract.load();
    }

    private static String stage(int age) {
        return age < 25 ? "18-24" : age < 65 ? "25-64" : "65+";
    }

    /**
     * Every combination of sex x age stage x labour status the model produces, up to 30 personas each, found by
     * scanning the sampler's proposals: all pass the contract, and each speaks of its life stage as it should.
     */
    @Test
    void everySexStageAndLabourStatusPassesTheContractAndSpeaksOfItsLife() {
        Map<String, List<Persona>> cells = new TreeMap<>();
        for (long i = 0; i < 600_000; i++) {
            Persona p = sampler.sample(i);
            String cell = p.sex() + " " + stage(p.age()) + " " + p.keys().labourStatus();
            List<Persona> list = cells.computeIfAbsent(cell, k -> new ArrayList<>());
            if (list.size() < 30) {
                list.add(p);
            }
        }
        // The model produces all six statuses for both sexes in every stage except students past 65.
        assertTrue(cells.size() >= 34, "combinations found: " + cells.keySet());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Persona>> cell : cells.entrySet()) {
            for (Persona p : cell.getValue()) {
                Narrative n = writer.compose(p);
                for (ContractViolation v : contract.check(p, n)) {
                    problems.add(cell.getKey() + " " + p.uuid() + ": " + v);
                }
                lifeStage(p, n, problems);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void lifeStage(Persona p, Narrative n, List<String> problems) {
        String professional = n.professionalPersona().toLowerCase(Locale.ROOT);
        String all = String.join(" ", n.persona(), n.professionalPersona(), n.culturalBackground(),
                n.careerGoalsAndAmbitions(), n.personaSummary()).toLowerCase(Locale.ROOT);
        String who = p.sex() + " " + p.age() + " " + p.keys().labourStatus() + " " + p.uuid() + ": ";
        switch (p.keys().labourStatus()) {
            case "employed" -> {
                if (!professional.contains(p.occupation().toLowerCase(Locale.ROOT))) {
                    problems.add(who + "professional_persona does not name the job " + p.occupation());
                }
            }
            case "retired" -> {
                if (professional.contains("lucrează ca")) {
                    problems.add(who + "a retired career in the present tense");
                }
                boolean early = p.age() < (p.isFemale() ? 61 : 63);
                if (early && !all.contains("pensie de dizabilitate") && !all.contains("pensie specială")
                        && !all.contains("mai devreme")) {
                    problems.add(who + "a pensioner below the pension age without a word on why");
                }
            }
            case "student" -> {
                if (!professional.matches(".*(student|elev|masterat|învață|studiază).*")) {
                    problems.add(who + "a student who does not speak of studies: " + n.professionalPersona());
                }
            }
            case "homemaker" -> {
                if (!professional.matches(".*(cas[aăe]|famili|gospodări|copii).*")) {
                    problems.add(who + "a homemaker who does not speak of family care: " + n.professionalPersona());
                }
            }
            case "unemployed" -> {
                if (!professional.matches(".*(caută|căutarea).*")) {
                    problems.add(who + "an unemployed persona who is not looking for work: "
                            + n.professionalPersona());
                }
            }
            default -> {
                if (professional.contains("lucrează ca")) {
                    problems.add(who + "an inactive persona with a job: " + n.professionalPersona());
                }
            }
        }
        if (p.age() < 30 && all.contains("nepoț")) {
            problems.add(who + "grandchildren below 30: " + n.culturalBackground());
        }
        if (p.age() < 30 && all.matches(".*(de peste zece|douăzeci de ani|o viață de muncă|decenii de muncă).*")) {
            problems.add(who + "a long career below 30");
        }
        for (String text : List.of(all, String.join(" ", n.skillsAndExpertiseList()),
                String.join(" ", n.hobbiesAndInterestsList()))) {
            if (text.matches(".*[{}\\[\\]<>|].*")) {
                problems.add(who + "template syntax left in the text: " + text);
            }
        }
    }

    /** The contract over a large sample of the sampler's personas: no violation, no failed outcome. */
    @Test
    void twentyThousandSampledPersonasPassTheContract() {
        Map<String, Integer> violations = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        long backgroundChars = 0;
        int n = 20_000;
        for (long i = 0; i < n; i++) {
            Persona p = sampler.sample(100_000 + i);
            NarrativeOutcome outcome = writer.write(p).toCompletableFuture().join();
            if (outcome instanceof NarrativeOutcome.Failed f) {
                violations.merge("failed", 1, Integer::sum);
                examples.add(f.reason());
                continue;
            }
            Narrative narrative = ((NarrativeOutcome.Written) outcome).narrative();
            backgroundChars += narrative.culturalBackground().length();
            for (ContractViolation v : contract.check(p, narrative)) {
                violations.merge(v.field() + ":" + v.rule(), 1, Integer::sum);
                if (examples.size() < 10) {
                    examples.add(p.uuid() + " " + v);
                }
            }
        }
        assertEquals(Map.of(), violations, String.join("\n", examples));
        double average = (double) backgroundChars / n;
        assertTrue(average > 1700 && average < 1950, "cultural_background averages " + average + " characters");
    }

    @Test
    void theTextIsAPureFunctionOfThePersonaOnAnyThreadInAnyOrder() throws Exception {
        List<Persona> personas = new ArrayList<>();
        for (long i = 0; i < 400; i++) {
            personas.add(sampler.sample(7_000 + i));
        }
        Map<String, Narrative> sequential = new LinkedHashMap<>();
        for (Persona p : personas) {
            sequential.put(p.uuid(), writer.compose(p));
        }
        // A fresh writer, the reverse order.
        OfflineNarrativeWriter other = new OfflineNarrativeWriter(model);
        for (int i = personas.size() - 1; i >= 0; i--) {
            Persona p = personas.get(i);
            assertEquals(sequential.get(p.uuid()), other.compose(p));
        }
        // Four threads at once, interleaved.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Narrative>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Persona p : personas) {
                    futures.add(pool.submit(() -> writer.compose(p)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                Persona p = personas.get(k % personas.size());
                assertEquals(sequential.get(p.uuid()), futures.get(k).get());
            }
        } finally {
            pool.shutdownNow();
        }
        // The same structured persona under another uuid (another index) reads differently.
        Persona p = personas.get(0);
        Persona moved = p.withIndex(p.index() + 1, "5b7baf95-4108-429d-b568-fff30a6adea1");
        assertFalse(sequential.get(p.uuid()).culturalBackground().equals(writer.compose(moved)
                .culturalBackground()));
    }

    @Test
    void recordsCarryTheTemplateProvenanceAndCommaBelowDiacritics() {
        assertEquals("offline-writer/" + OfflineNarrativeWriter.VERSION, writer.model());
        assertEquals("", writer.promptVersion());
        for (long i = 0; i < 2_000; i++) {
            Persona p = sampler.sample(50_000 + i);
            Narrative n = writer.compose(p);
            assertEquals(NarrativeStatus.TEMPLATE, n.status());
            assertEquals(writer.model(), n.model());
            assertEquals("", n.promptVersion());
            List<String> texts = new ArrayList<>(List.of(n.persona(), n.professionalPersona(), n.sportsPersona(),
                    n.artsPersona(), n.travelPersona(), n.culinaryPersona(), n.culturalBackground(),
                    n.skillsAndExpertise(), n.hobbiesAndInterests(), n.careerGoalsAndAmbitions(), n.personaSummary()));
            texts.addAll(n.skillsAndExpertiseList());
            texts.addAll(n.hobbiesAndInterestsList());
            for (String t : texts) {
                assertFalse(t.matches(".*[şţŞŢ].*"), "cedilla in " + t);
                assertTrue(Normalizer.isNormalized(t, Normalizer.Form.NFC), "not NFC: " + t);
                assertEquals(NarrativeContract.normalizeText(t), t, "not normalized: " + t);
            }
            // The writer's output is already what the contract's normalization would make of it.
            assertEquals(NarrativeContract.normalize(n), n);
        }
    }

    /** Each list item is named in its text (articles and endings may differ: the stems must be there). */
    @Test
    void listTextsNameEveryItemOfTheirLists() {
        for (long i = 0; i < 2_000; i++) {
            Persona p = sampler.sample(60_000 + i);
            Narrative n = writer.compose(p);
            assertNamesEvery(n.skillsAndExpertiseList(), n.skillsAndExpertise());
            assertNamesEvery(n.hobbiesAndInterestsList(), n.hobbiesAndInterests());
        }
    }

    /** A summary's clauses never open alike: one "care ..." clause, one "atașat ..." (a fifth had two before). */
    @Test
    void summaryClausesDoNotOpenAlike() {
        int withCare = 0;
        for (long i = 0; i < 3_000; i++) {
            String summary = writer.compose(sampler.sample(50_000 + i)).personaSummary();
            List<String> clauses = List.of(summary.split(", "));
            long cares = clauses.stream().filter(c -> c.startsWith("care ")).count();
            assertTrue(cares <= 1, summary);
            assertTrue(clauses.stream().filter(c -> c.contains("ataș")).count() <= 1, summary);
            withCare += (int) cares;
        }
        assertTrue(withCare > 500, "the clauses are still used: " + withCare);
    }

    /** A skill list never says one thing twice in other words ("Rezistență fizică", "Rezistență la efort fizic"). */
    @Test
    void aSkillListHoldsOnePhraseOfEachSynonymSet() {
        SkillSynonyms synonyms = SkillSynonyms.bundled();
        int synonymsListed = 0;
        for (long i = 0; i < 3_000; i++) {
            Persona p = sampler.sample(40_000 + i);
            List<String> topics = writer.compose(p).skillsAndExpertiseList().stream().map(synonyms::topic).toList();
            assertEquals(topics.size(), new HashSet<>(topics).size(), "two synonyms in " + topics);
            synonymsListed += (int) topics.stream().filter(synonyms.phrases()::contains).count();
        }
        assertTrue(synonymsListed > 300, "the sets' phrases are common skills: " + synonymsListed);
    }

    private static void assertNamesEvery(List<String> items, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String item : items) {
            for (String word : item.toLowerCase(Locale.ROOT).split("[ ,]+")) {
                word = word.replaceFirst("-(ul|le|a|lui)$", ""); // rugby-ul
                String stem = word.length() > 4 ? word.substring(0, word.length() - 2) : word;
                assertTrue(lower.contains(stem), "'" + item + "' is not in: " + text);
            }
        }
    }

    @Test
    void variantsStartWithTheFirstNameAndStayWithinThreeSentences() {
        for (long i = 0; i < 2_000; i++) {
            Persona p = sampler.sample(80_000 + i);
            Narrative n = writer.compose(p);
            for (String v : List.of(n.persona(), n.professionalPersona(), n.sportsPersona(), n.artsPersona(),
                    n.travelPersona(), n.culinaryPersona())) {
                assertTrue(v.startsWith(p.firstName() + " ") || v.startsWith(p.firstName() + ","), v);
                long sentences = SENTENCE_END.matcher(v).results().count();
                assertTrue(sentences >= 1 && sentences <= 3, v);
            }
            assertTrue(n.culturalBackground().contains(md.personas.narratives.PlaceNames.spoken(p.locality())), "locality missing: " + n.culturalBackground());
        }
    }

    @Test
    void anUncoverablePersonaEndsAsAFailedOutcomeNotAnException() {
        Persona p = sampler.sample(3);
        Persona broken = new Persona(p.uuid(), p.index(), p.name(), p.firstName(), p.lastName(), p.sex(), p.age(),
                p.ageGroup(), p.maritalStatus(), p.educationLevel(), p.fieldOfStudy(), p.occupation(),
                p.occupationGroup(), p.employmentStatus(), p.ethnicity(), p.motherTongue(), p.usualLanguage(),
                p.religion(), p.locality(), p.district(), p.region(), p.residenceType(), p.country(),
                p.oceanOpenness(), p.oceanConscientiousness(), p.oceanExtraversion(), p.oceanAgreeableness(),
                p.oceanNeuroticism(), new PersonaKeys(p.isFemale(), p.keys().ageGroupFine(),
                p.keys().region(), "no_such_district", p.keys().residence(), p.keys().localityCode(),
                p.keys().ethnicity(), p.keys().motherTongue(), p.keys().usualLanguage(), p.keys().religion(),
                p.keys().education(), p.keys().maritalStatus(), p.keys().labourStatus(), p.keys().iscoMajor(),
                p.keys().isco08(), p.keys().sector(), p.keys().fieldOfStudy()), p.proposal());
        NarrativeOutcome outcome = writer.write(broken).toCompletableFuture().join();
        NarrativeOutcome.Failed failed = assertInstanceOf(NarrativeOutcome.Failed.class, outcome);
        assertTrue(failed.reason().startsWith("offline writer:"), failed.reason());
    }
}
