package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.KEY;
import static md.personas.narratives.llm.LlmTestSupport.KEY_ENV;
import static md.personas.narratives.llm.LlmTestSupport.model;
import static md.personas.narratives.llm.LlmTestSupport.personas;
import static md.personas.narratives.llm.LlmTestSupport.settings;
import static md.personas.narratives.llm.LlmTestSupport.writeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.llm.FakeLlmServer.Fault;
import md.personas.record.Persona;
import md.personas.testing.LogCapture;
import md.personas.testing.LoggerLevel;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API key never leaves the Authorization header: not in a log line (everything at DEBUG, Pekko's own logging
 * included), an exception message, a failure reason, a stop reason, a toString or the stats, even when the
 * provider echoes it back.
 */
class LlmKeySecrecyTest {

    private static ActorSystem<Void> system;
    private static FakeLlmServer fake;
    private static LogCapture logs;
    private static LoggerLevel personasLevel;
    private static LoggerLevel pekkoLevel;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.DEBUG);
        personasLevel = LoggerLevel.set("md.personas", Level.DEBUG);
        pekkoLevel = LoggerLevel.set("org.apache.pekko", Level.DEBUG);
        system = ActorSystem.create(Behaviors.empty(), "llm-secrecy-test", ConfigFactory.parseString("""
                pekko.loglevel = "DEBUG"
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.stdout-loglevel = "OFF"
                pekko.log-dead-letters = off
                pekko.http.server.request-timeout = 120s
                """).withFallback(ConfigFactory.load()));
        fake = FakeLlmServer.start(system, KEY);
        model();
    }

    @AfterAll
    static void stop() throws Exception {
        fake.close();
        LlmTestSupport.terminate(system);
        logs.close();
        personasLevel.close();
        pekkoLevel.close();
    }

    @Test
    void theKeyAppearsNowhereButTheAuthorizationHeader() throws Exception {
        List<Persona> people = personas(12);
        List<Fault> faults = List.of(Fault.DROP, Fault.SERVER_ERROR, Fault.RATE_LIMIT, Fault.TOO_SHORT,
                Fault.BAD_REQUEST, Fault.HANG);
        fake.script = (persona, nth) -> {
            for (int i = 0; i < faults.size(); i++) {
                if (persona.equals(FakeLlmServer.keyOf(people.get(i))) && nth == 0) {
                    return faults.get(i);
                }
            }
            return Fault.NONE;
        };
        LlmSettings settings = settings(fake.baseUrl(), "request-timeout = 3s"); // HANG must time out
        LlmNarrativeWriter writer = LlmNarrativeWriter.create(system, settings, model(), LlmTestSupport.ENV);
        List<NarrativeOutcome> outcomes = writeAll(writer, people);

        String wrongKey = "sk-echoed-by-the-provider-77c1e0";
        LlmNarrativeWriter wrong = LlmNarrativeWriter.create(system, settings, model(), Map.of(KEY_ENV, wrongKey));
        List<NarrativeOutcome> refused = writeAll(wrong, personas(2));

        assertTrue(fake.calls().stream().anyMatch(c -> c.authorization().equals("Bearer " + KEY)),
                "the key was sent where it belongs");
        List<String> texts = new ArrayList<>();
        for (NarrativeOutcome o : outcomes) {
            if (o instanceof NarrativeOutcome.Failed f) {
                texts.add(f.reason());
            }
        }
        refused.forEach(o -> texts.add(((NarrativeOutcome.Failed) o).reason()));
        texts.add(wrong.stopReason().orElseThrow());
        texts.add(writer.toString());
        texts.add(wrong.toString());
        texts.add(settings.toString());
        texts.add(writer.stats().toString());
        texts.add(settings.requireApiKey(LlmTestSupport.ENV).toString());
        texts.addAll(logs.texts());
        assertTrue(logs.size() > 20, "debug logging was on: " + logs.size() + " events");
        for (String text : texts) {
            assertFalse(text.contains(KEY), "the key leaked: " + text);
            assertFalse(text.contains(wrongKey), "the echoed key leaked: " + text);
        }
    }

    @Test
    void aMissingKeyIsAOneLineConfigurationErrorNamingTheVariable() {
        LlmSettings settings = settings(fake.baseUrl(), "");
        LlmConfigurationException e = assertThrows(LlmConfigurationException.class,
                () -> settings.requireApiKey(Map.of()));
        assertTrue(e.getMessage().contains(KEY_ENV), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertThrows(LlmConfigurationException.class,
                () -> LlmNarrativeWriter.create(system, settings, model(), Map.of(KEY_ENV, "  ")));
        LlmSettings dashscope = LlmSettings.fromConfig(ConfigFactory.parseString("provider = dashscope"));
        LlmConfigurationException d = assertThrows(LlmConfigurationException.class,
                () -> dashscope.requireApiKey(Map.of("OPENAI_API_KEY", KEY)));
        assertTrue(d.getMessage().startsWith("environment variable DASHSCOPE_API_KEY is not set"), d.getMessage());
        assertFalse(d.getMessage().contains(KEY));
    }
}
