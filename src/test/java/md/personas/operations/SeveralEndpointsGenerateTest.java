package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import md.personas.narratives.llm.FakeLlmServer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --narratives llm} over two endpoints (two fake OpenAI-compatible servers on 127.0.0.1, each with
 * its own key), one killed mid-run: the run completes with every persona narrated, no dead letter, and run.json
 * counts each endpoint's calls, failures, tokens and cost; neither key appears in any file or log line.
 */
class SeveralEndpointsGenerateTest {

    static final String KEY_A = "sk-test-a-4f1c9a2e77d0";
    static final String KEY_B = "sk-test-b-9be31d0c55a2";
    static ActorSystem<Void> system;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "fake-llm-endpoints");
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void aRunOverTwoEndpointsSurvivesTheKillOfOne() throws Exception {
        try (FakeLlmServer a = FakeLlmServer.start(system, KEY_A);
             FakeLlmServer b = FakeLlmServer.start(system, KEY_B)) {
            a.latency = Duration.ofMillis(200);
            b.latency = Duration.ofMillis(200);
            Path config = Files.writeString(tmp.resolve("llm.conf"), """
                    personas.narratives {
                      mode = llm
                      provider = "custom"
                      model = "fake-qwen"
                      api-key-env = "KEY_A"
                      requests-per-minute = 0
                      tokens-per-minute = 0
                      budget-usd = 0
                      prices { input-usd-per-million = 0.4, output-usd-per-million = 1.2 }
                      retry { backoff-min = 50ms, backoff-max = 200ms }
                      outage { min-pause = 200ms, max-pause = 1s, give-up-after = 3s }
                      endpoints = [
                        { base-url = "%s", workers = 6 },
                        { base-url = "%s", workers = 6, api-key-env = "KEY_B" }
                      ]
                    }
                    """.formatted(a.baseUrl(), b.baseUrl()));
            Path out = tmp.resolve("out");
            Path log = tmp.resolve("run.log");
            String classpath = "target/classes" + File.pathSeparator
                    + Files.readString(Path.of("target/test-classpath.txt")).trim();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-Dpersonas.http.port=0", "-Dpersonas.home=" + tmp, "-cp", classpath,
                    "md.personas.operations.Main", "generate", "--count", "300", "--seed", "5", "--out",
                    out.toString(), "--config", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("KEY_A", KEY_A);
            pb.environment().put("KEY_B", KEY_B);
            pb.environment().put("PERSONAS_LOG_LEVEL", "DEBUG");
            Process p = pb.start();
            try {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (a.calls().size() < 40 && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(p.isAlive(), "the run was still going when endpoint 0 was killed:\n"
                        + Files.readString(log));
                a.kill();
                assertTrue(p.waitFor(180, TimeUnit.SECONDS), "still running:\n" + Files.readString(log));
            } finally {
                p.destroyForcibly().waitFor();
            }
            String logText = Files.readString(log);
            assertEquals(0, p.exitValue(), logText);
            assertEquals(300, Files.readAllLines(out.resolve("moldova_personas_300.jsonl")).size());
            assertTrue(Files.readAllLines(out.resolve("dead-letters.jsonl")).isEmpty(), "no dead letter");

            JsonNode usage = new ObjectMapper().readTree(out.resolve("run.json").toFile()).path("usage");
            JsonNode endpoints = usage.path("endpoints");
            assertEquals(2, endpoints.size(), usage.toString());
            JsonNode killed = endpoints.get(0);
            JsonNode alive = endpoints.get(1);
            assertEquals("0:127.0.0.1:" + a.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"), killed.path("endpoint")
                    .asText());
            assertTrue(killed.path("calls").asLong() >= 40 && killed.path("failures").asLong() > 0, usage.toString());
            assertTrue(alive.path("calls").asLong() > killed.path("calls").asLong(), usage.toString());
            assertEquals(usage.path("tokens_in").asLong(), killed.path("tokens_in").asLong()
                    + alive.path("tokens_in").asLong());
            assertEquals(usage.path("cost_usd").asDouble(), killed.path("cost_usd").asDouble()
                    + alive.path("cost_usd").asDouble(), 1e-9);

            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(KEY_A) || text.contains(KEY_B), f.toString());
                }
            }
            assertFalse(logText.contains(KEY_A) || logText.contains(KEY_B));
        }
    }
}
