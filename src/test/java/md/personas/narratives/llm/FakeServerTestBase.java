package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.ENV;
import static md.personas.narratives.llm.LlmTestSupport.KEY;
import static md.personas.narratives.llm.LlmTestSupport.model;
import static md.personas.narratives.llm.LlmTestSupport.settings;

import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One actor system and one fake OpenAI-compatible server per test class, reset before every test; the writer under
 * test talks to it like to any provider.
 */
abstract class FakeServerTestBase {

    static ActorSystem<Void> system;
    static FakeLlmServer fake;

    @BeforeAll
    static void start() throws Exception {
        system = LlmTestSupport.system("llm-fake-server-test");
        fake = FakeLlmServer.start(system, KEY);
        model();
    }

    @AfterAll
    static void stop() throws Exception {
        fake.close();
        LlmTestSupport.terminate(system);
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    /** A writer against the fake server with the test settings plus {@code extra} HOCON. */
    static LlmNarrativeWriter writer(String extra) {
        return LlmNarrativeWriter.create(system, settings(fake.baseUrl(), extra), model(), ENV);
    }
}
