package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.KEY;
import static md.personas.narratives.llm.LlmTestSupport.model;
import static md.personas.narratives.llm.LlmTestSupport.personas;
import static md.personas.narratives.llm.LlmTestSupport.settings;
import static md.personas.narratives.llm.LlmTestSupport.writeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import md.personas.census.CategorySet;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.llm.FakeLlmServer.Call;
import md.personas.narratives.llm.FakeLlmServer.Fault;
import md.personas.record.NarrativeStatus;
import md.personas.record.Persona;
import org.junit.jupiter.api.Test;

/**
 * The LLM writer against a real HTTP server on 127.0.0.1 that plays an OpenAI-compatible provider: every failure
 * path, the repairs, the outage pause, and that no persona is ever lost.
 */
class LlmNarrativeWriterTest extends FakeServerTestBase {

    private static final NarrativeContract CONTRACT = NarrativeContract.load();

    @Test
    void personasOfEveryKindAreWrittenInOneCallFromEveryStructuredField() throws Exception {
        List<Persona> people = new ArrayList<>();
        people.addAll(personas(3, p -> LifeStage.of(p) == LifeStage.YOUNG && p.isFemale()));
        people.addAll(personas(3, p -> LifeStage.of(p) == LifeStage.WORKING && !p.isFemale()));
        people.addAll(personas(3, p -> LifeStage.of(p) == LifeStage.WORKING && p.isFemale()));
        people.addAll(personas(3, p -> LifeStage.of(p) == LifeStage.NOT_WORKING));
        people.addAll(personas(3, p -> LifeStage.of(p) == LifeStage.RETIRED && p.isFemale()));
        people.addAll(personas(3, p -> !"moldovan".equals(p.keys().ethnicity())));
        Set<String> seen = new HashSet<>();
        people.removeIf(p -> !seen.add(FakeLlmServer.keyOf(p)));
        LlmNarrativeWriter writer = writer("");

        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        for (int i = 0; i < people.size(); i++) {
            Persona p = people.get(i);
            NarrativeOutcome.Written w = assertWritten(outcomes.get(i));
            assertEquals(NarrativeStatus.LLM, w.narrative().status());
            assertEquals("fake-qwen", w.narrative().model());
            assertEquals("ro-2", w.narrative().promptVersion());
            assertEquals(List.of(), CONTRACT.check(p, w.narrative()), "released narratives meet the contract");
            List<Call> calls = fake.callsOf(p);
            assertEquals(1, calls.size(), "one call per persona");
            Call call = calls.get(0);
            assertEquals("Bearer " + KEY, call.authorization());
            assertEquals(NarrativePrompts.ALL_FIELDS, call.keys(), "the first request asks for every field");
            assertEquals("json_object", call.body().path("response_format").path("type").asText());
            assertEquals("fake-qwen", call.body().path("model").asText());
            String prompt = call.body().path("messages").path(1).path("content").asText();
            for (String fact : List.of(p.firstName(), p.lastName(), md.personas.narratives.PlaceNames.spoken(p.locality()), p.region(), p.motherTongue(),
                    p.usualLanguage(), p.educationLevel())) {
                assertTrue(prompt.contains(fact), "the prompt states " + fact);
            }
            assertTrue(prompt.contains(PersonaProfile.districtPhrase(p.keys().district(), p.district())));
            assertTrue(prompt.contains(PersonaProfile.count(p.age(), "ani")));
            assertTrue(prompt.contains(gendered(model().ethnicity(), p.keys().ethnicity(), p)), "ethnicity");
            assertTrue(prompt.contains(gendered(model().religion(), p.keys().religion(), p)), "religion");
            assertTrue(prompt.contains(gendered(model().marital(), p.keys().maritalStatus(), p)), "marital status");
            assertTrue(prompt.contains(gendered(model().labour(), p.keys().labourStatus(), p)), "employment");
            assertTrue(prompt.contains(p.isFemale() ? "Sex: femeie" : "Sex: bărbat"));
            if (p.keys().employed()) {
                assertTrue(prompt.contains(p.occupation()) && prompt.contains(p.occupationGroup()), "occupation");
            }
            if (!"none".equals(p.keys().fieldOfStudy())) {
                assertTrue(prompt.contains(p.fieldOfStudy()), "field of study");
            }
            assertFalse(prompt.matches("(?s).*\\b(?:ocean|openness|neuroticism)\\b.*"), "personality as behaviour");
            assertFalse(prompt.contains("{{"), "every placeholder filled");
        }
        LlmStats stats = writer.stats();
        assertEquals(people.size(), stats.written());
        assertEquals(people.size(), stats.calls());
        assertEquals(0, stats.repairCalls());
        long prompt = fake.calls().stream().mapToLong(Call::promptTokens).sum();
        long completion = fake.calls().stream().mapToLong(Call::completionTokens).sum();
        assertEquals(prompt, stats.promptTokens(), "prompt tokens come from usage");
        assertEquals(completion, stats.completionTokens(), "completion tokens come from usage");
        assertEquals((prompt * 0.4 + completion * 1.2) / 1e6, stats.costUsd(), 1e-9);
    }

    @Test
    void everyFaultIsRetriedOrRepairedAndRecovers() throws Exception {
        Map<Fault, Persona> byFault = new EnumMap<>(Fault.class);
        List<Fault> faults = List.of(Fault.RATE_LIMIT, Fault.RATE_LIMIT_RETRY_AFTER, Fault.SERVER_ERROR,
                Fault.UNAVAILABLE, Fault.OVERLOADED_529, Fault.DROP, Fault.HANG, Fault.TRUNCATED, Fault.MISSING_KEYS,
                Fault.RUSSIAN, Fault.CEDILLA, Fault.TOO_SHORT, Fault.FENCED_PROSE);
        List<Persona> people = personas(faults.size() + 3);
        Map<String, Fault> scriptByKey = new LinkedHashMap<>();
        for (int i = 0; i < faults.size(); i++) {
            byFault.put(faults.get(i), people.get(i));
            scriptByKey.put(FakeLlmServer.keyOf(people.get(i)), faults.get(i));
        }
        fake.script = (persona, nth) -> nth == 0 ? scriptByKey.getOrDefault(persona, Fault.NONE) : Fault.NONE;
        LlmNarrativeWriter writer = writer("workers = 16\nrequest-timeout = 3s"); // HANG must time out

        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        outcomes.forEach(LlmNarrativeWriterTest::assertWritten);
        for (Fault f : List.of(Fault.RATE_LIMIT, Fault.RATE_LIMIT_RETRY_AFTER, Fault.SERVER_ERROR, Fault.UNAVAILABLE,
                Fault.OVERLOADED_529, Fault.DROP, Fault.HANG, Fault.RUSSIAN)) {
            List<Call> calls = fake.callsOf(byFault.get(f));
            assertEquals(2, calls.size(), f + ": one retry");
            assertEquals(NarrativePrompts.ALL_FIELDS, calls.get(1).keys(), f + ": the same full request again");
            assertFalse(calls.get(1).repair(), f.name());
        }
        for (Fault f : List.of(Fault.CEDILLA, Fault.FENCED_PROSE)) {
            assertEquals(1, fake.callsOf(byFault.get(f)).size(), f + ": fixed without another call; "
                    + fake.callsOf(byFault.get(f)) .stream().map(c -> c.fault() + "/" + c.status() + "/" + c.keys()
                    .size()).toList() + " " + writer.stats());
        }
        NarrativeOutcome.Written cedilla = (NarrativeOutcome.Written) outcomes.get(people.indexOf(
                byFault.get(Fault.CEDILLA)));
        assertFalse(cedilla.narrative().culturalBackground().matches("(?s).*[şţŞŢ].*"), "cedillas normalized");
        assertTrue(cedilla.narrative().culturalBackground().matches("(?s).*[șț].*"));

        List<Call> tooShort = fake.callsOf(byFault.get(Fault.TOO_SHORT));
        assertEquals(2, tooShort.size());
        assertTrue(tooShort.get(1).repair());
        assertEquals(List.of("cultural_background", "persona_summary"), tooShort.get(1).keys(),
                "a repair asks for the failing fields only");
        List<Call> missing = fake.callsOf(byFault.get(Fault.MISSING_KEYS));
        assertEquals(2, missing.size());
        assertEquals(FakeLlmServer.MISSING, missing.get(1).keys());
        List<Call> truncated = fake.callsOf(byFault.get(Fault.TRUNCATED));
        assertEquals(2, truncated.size());
        List<String> rest = truncated.get(1).keys();
        assertTrue(truncated.get(1).repair() && !rest.isEmpty() && rest.size() < NarrativePrompts.ALL_FIELDS.size());
        assertEquals(NarrativePrompts.ALL_FIELDS.subList(NarrativePrompts.ALL_FIELDS.size() - rest.size(),
                NarrativePrompts.ALL_FIELDS.size()), rest, "only the fields cut off are asked again");

        LlmStats stats = writer.stats();
        assertEquals(2, stats.retries(RetryCause.RATE_LIMITED));
        assertEquals(2, stats.retries(RetryCause.OVERLOADED));
        assertEquals(1, stats.retries(RetryCause.SERVER_ERROR));
        assertEquals(1, stats.retries(RetryCause.TIMEOUT));
        assertEquals(1, stats.retries(RetryCause.CONNECTION));
        assertEquals(1, stats.retries(RetryCause.TRUNCATED));
        assertEquals(3, stats.retries(RetryCause.CONTRACT), "too short, missing keys, Russian");
        assertEquals(people.size(), stats.written());
        assertEquals(0, stats.failed());
    }

    @Test
    void repairRequestsQuoteTheProblemAndUseASchemaOfTheFailingFieldsOnly() throws Exception {
        Persona p = personas(1, x -> LifeStage.of(x) == LifeStage.WORKING && x.isFemale()).get(0);
        fake.script = (persona, nth) -> nth == 0 ? Fault.TOO_SHORT : Fault.NONE;
        LlmNarrativeWriter writer = writer("response-format = json_schema");

        assertWritten(writeAll(writer, List.of(p)).get(0));

        List<Call> calls = fake.callsOf(p);
        assertEquals(2, calls.size());
        Call repair = calls.get(1);
        assertEquals("json_schema", repair.body().path("response_format").path("type").asText());
        List<String> required = new ArrayList<>();
        repair.body().path("response_format").path("json_schema").path("schema").path("required")
                .forEach(k -> required.add(k.asText()));
        assertEquals(List.of("cultural_background", "persona_summary"), required);
        String user = repair.body().path("messages").path(1).path("content").asText();
        assertTrue(user.contains("- cultural_background: are 400 de caractere; cerința este 1500-2500 de caractere"),
                user);
        assertTrue(user.contains("- persona_summary: are "), "the summary's problem is stated");
        assertTrue(user.contains(p.firstName() + " este o persoană harnică."), "the previous text is quoted");
        assertFalse(user.contains("- sports_persona:"), "fields that passed are not sent again");
        assertTrue(repair.body().path("max_tokens").asInt() < calls.get(0).body().path("max_tokens").asInt(),
                "a repair's answer is capped lower");
    }

    @Test
    void anAnswerWithAnInjectionAURLOrAJobTheRecordDeniesIsRefusedAndRepaired() throws Exception {
        Persona p = personas(1, x -> LifeStage.of(x) == LifeStage.NOT_WORKING).get(0);
        fake.script = (persona, nth) -> nth == 0 ? Fault.INJECTION : Fault.NONE;
        LlmNarrativeWriter writer = writer("");

        NarrativeOutcome.Written w = assertWritten(writeAll(writer, List.of(p)).get(0));

        List<Call> calls = fake.callsOf(p);
        assertEquals(2, calls.size(), "one targeted repair");
        assertTrue(calls.get(1).repair());
        assertTrue(calls.get(1).keys().containsAll(List.of("persona", "hobbies_and_interests")), calls.get(1).keys()
                .toString());
        String user = calls.get(1).body().path("messages").path(1).path("content").asText();
        assertTrue(user.contains("- hobbies_and_interests: conține"), user);
        assertTrue(user.contains("nu lucrează"), "the coherence problem is explained: " + user);
        assertFalse(w.narrative().hobbiesAndInterests().contains("Bitcoin"));
        assertFalse(w.narrative().persona().contains("La serviciu"));
        assertEquals(List.of(), md.personas.narratives.NarrativeCheck.load().check(p, w.narrative()));
    }

    @Test
    void thePromptStatesTheLifeFactsAndThePlaceAsPeopleWriteIt() throws Exception {
        Persona p = personas(1, x -> "married".equals(x.keys().maritalStatus()) && x.age() > 40).get(0);
        LlmNarrativeWriter writer = writer("");
        assertWritten(writeAll(writer, List.of(p)).get(0));
        String prompt = fake.callsOf(p).get(0).body().path("messages").path(1).path("content").asText();
        String life = md.personas.narratives.LifeFacts.of(p).describe(p);
        assertTrue(prompt.contains("- Viața (hotărâtă dinainte; respect-o întocmai"), prompt);
        assertTrue(prompt.contains(life), "the same facts the offline writer tells: " + life);
        assertFalse(prompt.contains("loc.st.c.f."));
    }

    @Test
    void aPersonaThatNeverMeetsTheContractOrIsRejectedFailsWithAReasonAndNoneIsLost() throws Exception {
        List<Persona> people = personas(12);
        String hopeless = FakeLlmServer.keyOf(people.get(3));
        String rejected = FakeLlmServer.keyOf(people.get(7));
        fake.script = (persona, nth) -> persona.equals(hopeless) ? Fault.TOO_SHORT
                : persona.equals(rejected) ? Fault.BAD_REQUEST : Fault.NONE;
        LlmNarrativeWriter writer = writer("");

        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        assertEquals(people.size(), outcomes.size());
        Set<Long> indices = new HashSet<>();
        outcomes.forEach(o -> indices.add(o.persona().index()));
        assertEquals(people.size(), indices.size(), "every persona exactly once");
        NarrativeOutcome.Failed contract = (NarrativeOutcome.Failed) outcomes.get(3);
        assertTrue(contract.reason().startsWith("contract: "), contract.reason());
        assertTrue(contract.reason().endsWith("after 3 answers"), contract.reason());
        assertFalse(contract.reason().contains("\n"));
        assertFalse(contract.violations().isEmpty());
        assertEquals(3, contract.attempts());
        assertEquals(3, fake.callsOf(people.get(3)).size(), "max-attempts answers, then it stops");
        NarrativeOutcome.Failed refused = (NarrativeOutcome.Failed) outcomes.get(7);
        assertTrue(refused.reason().startsWith("provider rejected the request: HTTP 400"), refused.reason());
        assertEquals(1, fake.callsOf(people.get(7)).size(), "a 400 is not retried");
        assertEquals(10, outcomes.stream().filter(o -> o instanceof NarrativeOutcome.Written).count());
        assertTrue(writer.stopReason().isEmpty(), "a persona's rejection does not stop the run");
        assertEquals(2, writer.stats().failed());
    }

    @Test
    void anOutagePausesEveryWorkerTogetherAndNoHealthyPersonaIsDeadLettered() throws Exception {
        List<Persona> people = personas(24);
        fake.everyone = Fault.SERVER_ERROR;
        LlmNarrativeWriter writer = writer("workers = 8");
        List<CompletableFuture<NarrativeOutcome>> futures = new ArrayList<>();
        people.forEach(p -> futures.add(writer.write(p).toCompletableFuture()));

        // Wait for the circuit to open (5 failures), then long enough for the pauses' probes (0.2, 0.6, 1.4 s).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (writer.stats().throttle().outages() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(2_000);
        long duringOutage = fake.calls().size();
        assertEquals("OPEN", writer.stats().throttle().circuit().replace("HALF_", ""));
        fake.everyone = Fault.NONE;
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);

        for (CompletableFuture<NarrativeOutcome> f : futures) {
            assertWritten(f.get());
        }
        // 8 in flight when it broke, then one probe per pause (200 ms doubling to 1 s): not 24 personas x 5 retries.
        assertTrue(duringOutage <= 8 + 8, "calls during the outage: " + duringOutage);
        assertTrue(writer.stats().throttle().outages() >= 1);
        assertEquals("CLOSED", writer.stats().throttle().circuit());
    }

    @Test
    void isolatedTransportFailuresUseUpThePersonasRetriesAndThenDeadLetterIt() throws Exception {
        List<Persona> people = personas(6);
        String unlucky = FakeLlmServer.keyOf(people.get(0));
        // Only this persona fails, and the others keep the provider healthy (no outage pause).
        fake.script = (persona, nth) -> persona.equals(unlucky) ? Fault.DROP : Fault.NONE;
        LlmNarrativeWriter writer = writer("retry { max-transport-retries = 2 }\noutage { failures = 50 }");

        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        NarrativeOutcome.Failed failed = (NarrativeOutcome.Failed) outcomes.get(0);
        assertTrue(failed.reason().startsWith("provider: ") && failed.reason().endsWith("after 2 retries"),
                failed.reason());
        assertEquals(3, fake.callsOf(people.get(0)).size());
        assertEquals(5, outcomes.stream().filter(o -> o instanceof NarrativeOutcome.Written).count());
    }

    @Test
    void randomFaultsOnAQuarterOfTheCallsLoseNobody() throws Exception {
        List<Persona> people = personas(60);
        fake.randomRate = 0.25;
        fake.randomPool = List.of(Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.UNAVAILABLE, Fault.OVERLOADED_529,
                Fault.DROP, Fault.TRUNCATED, Fault.MISSING_KEYS, Fault.RUSSIAN, Fault.CEDILLA, Fault.TOO_SHORT,
                Fault.FENCED_PROSE);
        LlmNarrativeWriter writer = writer("workers = 16");

        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        Set<Long> indices = new HashSet<>();
        long written = 0;
        for (NarrativeOutcome o : outcomes) {
            indices.add(o.persona().index());
            if (o instanceof NarrativeOutcome.Written w) {
                written++;
                assertEquals(List.of(), CONTRACT.check(o.persona(), w.narrative()));
            } else {
                assertFalse(((NarrativeOutcome.Failed) o).reason().isBlank());
            }
        }
        assertEquals(people.size(), indices.size(), "none lost, none twice");
        assertTrue(written >= people.size() - 2, "written " + written);
        LlmStats stats = writer.stats();
        assertEquals(people.size(), stats.written() + stats.failed());
        assertEquals(0, stats.throttle().inFlight());
    }

    @Test
    void queueingLatencyCutsConcurrency() throws Exception {
        LlmNarrativeWriter writer = writer("workers = 16\nadaptive { queueing-latency-factor = 2.0 }");
        // Open the 16 connections first: on a loaded machine connecting inflates the first latencies, and the
        // baseline (the smallest latency seen) would hide the queueing below.
        writeAll(writer, personas(56).subList(40, 56));
        fake.reset();
        fake.capacity = 2;
        fake.latency = Duration.ofMillis(250);

        List<NarrativeOutcome> outcomes = writeAll(writer, personas(40));

        outcomes.forEach(LlmNarrativeWriterTest::assertWritten);
        LlmStats stats = writer.stats();
        assertTrue(stats.throttle().concurrencyCuts() > 0, "queueing was seen");
        assertTrue(stats.throttle().concurrencyLimit() < 16, "limit " + stats.throttle().concurrencyLimit());
    }

    @Test
    void limitsChangeWhileRunning() throws Exception {
        LlmNarrativeWriter writer = writer("workers = 8\nrequests-per-minute = 600");
        writer.updateLimits(writer.limits().withMaxConcurrency(4).withRequestsPerMinute(1200));
        assertEquals(4, writer.limits().maxConcurrency());
        assertEquals(4, writer.stats().throttle().maxConcurrency());
        assertEquals(1200, writer.stats().throttle().requestsPerMinute());
        writeAll(writer, personas(6)).forEach(LlmNarrativeWriterTest::assertWritten);
    }

    @Test
    void aWrongKeyStopsTheRunWithAReasonThatNeverHoldsTheKey() throws Exception {
        String wrongKey = "sk-wrong-0d9c8b7a6f5e4d3c2b1a";
        LlmNarrativeWriter writer = LlmNarrativeWriter.create(system, settings(fake.baseUrl(), ""), model(),
                Map.of(LlmTestSupport.KEY_ENV, wrongKey));

        List<NarrativeOutcome> outcomes = writeAll(writer, personas(4));

        String reason = ((NarrativeOutcome.Failed) outcomes.get(0)).reason();
        assertTrue(reason.startsWith("provider rejected the request: HTTP 401"), reason);
        assertTrue(reason.contains(LlmTestSupport.KEY_ENV), "names the variable to check: " + reason);
        assertFalse(reason.contains(wrongKey), "the echoed key is scrubbed: " + reason);
        assertTrue(writer.stopReason().isPresent());
        assertFalse(writer.stopReason().get().contains(wrongKey));
        outcomes.forEach(o -> assertTrue(o instanceof NarrativeOutcome.Failed));
        assertTrue(fake.calls().size() <= 4);
        assertTrue(writeAll(writer, personas(1)).get(0) instanceof NarrativeOutcome.Failed f
                && f.attempts() == 0, "after a stop nothing more is sent");
    }

    static NarrativeOutcome.Written assertWritten(NarrativeOutcome o) {
        if (o instanceof NarrativeOutcome.Failed f) {
            throw new AssertionError("persona " + f.persona().index() + " failed: " + f.reason());
        }
        return (NarrativeOutcome.Written) o;
    }

    private static String gendered(CategorySet set, String id, Persona p) {
        return p.isFemale() ? set.feminineLabel(set.indexOf(id)) : set.label(set.indexOf(id));
    }
}
