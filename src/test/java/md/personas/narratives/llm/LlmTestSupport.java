package md.personas.narratives.llm;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.NarrativeOutcome;
import md.personas.record.Persona;
import md.personas.sampling.PersonaSampler;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Shared pieces of the LLM writer tests: the census model, personas, settings and an ActorSystem. */
final class LlmTestSupport {

    static final String KEY = "sk-test-5f1c9a2b7e4d4c0fa8b1d6e3c2a9f7b0";
    static final String KEY_ENV = "TEST_LLM_KEY";
    static final Map<String, String> ENV = Map.of(KEY_ENV, KEY);

    private static CensusModel model;

    private LlmTestSupport() {
    }

    static synchronized CensusModel model() {
        if (model == null) {
            model = CensusModel.load(ReferenceSource.bundled());
        }
        return model;
    }

    static ActorSystem<Void> system(String name) {
        Config config = ConfigFactory.parseString("""
                pekko.loglevel = "WARNING"
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.stdout-loglevel = "OFF"
                pekko.log-dead-letters = off
                pekko.http.server.request-timeout = 120s
                pekko.http.server.idle-timeout = 180s
                """).withFallback(ConfigFactory.load());
        return ActorSystem.create(Behaviors.empty(), name, config);
    }

    static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Settings for the fake server: short backoffs, no rate limits unless {@code extra} sets them. The request timeout
     * is generous (a loaded CI machine took over 3 s to connect and answer, and the exact retry counts the tests check
     * then saw a timeout); tests that script a hanging provider set a short one themselves.
     */
    static LlmSettings settings(String baseUrl, String extra) {
        Config c = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
                provider = custom
                base-url = "%s"
                model = "fake-qwen"
                api-key-env = "%s"
                workers = 8
                requests-per-minute = 0
                tokens-per-minute = 0
                max-attempts = 3
                request-timeout = 30s
                budget-usd = 0
                prices { input-usd-per-million = 0.4, output-usd-per-million = 1.2 }
                retry { max-transport-retries = 5, backoff-min = 20ms, backoff-max = 200ms }
                adaptive { queueing-latency-factor = 0 }
                outage { failures = 5, min-pause = 200ms, max-pause = 1s }
                """.formatted(baseUrl, KEY_ENV)));
        return LlmSettings.fromConfig(c);
    }

    /** The first {@code n} personas with distinct fake-server keys, optionally of one kind. */
    static List<Persona> personas(int n, Predicate<Persona> kind) {
        PersonaSampler sampler = new PersonaSampler(model(), 20240408L);
        List<Persona> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (long i = 0; out.size() < n && i < 100_000; i++) {
            Persona p = sampler.sample(i);
            if (kind.test(p) && keys.add(FakeLlmServer.keyOf(p))) {
                out.add(p);
            }
        }
        return out;
    }

    static List<Persona> personas(int n) {
        return personas(n, p -> true);
    }

    /** Writes all personas at once (the throttle, not the caller, limits concurrency) and waits for every outcome. */
    static List<NarrativeOutcome> writeAll(LlmNarrativeWriter writer, List<Persona> personas) throws Exception {
        List<CompletableFuture<NarrativeOutcome>> futures = new ArrayList<>();
        for (Persona p : personas) {
            futures.add(writer.write(p).toCompletableFuture());
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(90, TimeUnit.SECONDS);
        List<NarrativeOutcome> out = new ArrayList<>();
        for (CompletableFuture<NarrativeOutcome> f : futures) {
            out.add(f.get());
        }
        return out;
    }
}
