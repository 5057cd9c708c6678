package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code generate --narratives llm} end to end: a child JVM with the key in its environment against the fake
 * OpenAI-compatible server on 127.0.0.1. Personas the provider keeps failing are dead-lettered, the run exits 1
 * and a resume retries exactly those; the key appears in no file and no log line.
 */
class LlmGenerateTest {

    static final String KEY = "sk-test-4f1c9a2e77d0";
    static ActorSystem<Void> system;
    static FakeLlmServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "fake-llm");
        server = FakeLlmServer.start(system, KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
        system.terminate();
    }

    Path config(String extra) throws IOException {
        return Files.writeString(tmp.resolve("llm.conf"), """
                personas.narratives {
                  mode = llm
                  provider = "custom"
                  base-url = "%s"
                  model = "fake-qwen"
                  api-key-env = "FAKE_LLM_KEY"
                  workers = 16
                  requests-per-minute = 0
                  tokens-per-minute = 0
                  budget-usd = 0
                  prices { input-usd-per-million = 0.4, output-usd-per-million = 1.2 }
                  retry { backoff-min = 50ms, backoff-max = 200ms }
                  %s
                }
                """.formatted(server.baseUrl(), extra));
    }

    int generate(Path out, Path config, Path log) throws Exception {
        return generate(out, config, log, KEY, 180);
    }

    int generate(Path out, Path config, Path log, String key, int waitSeconds) throws Exception {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dpersonas.http.port=0", "-Dpersonas.home=" + tmp, "-cp", classpath, "md.personas.operations.Main", "generate",
                "--count", "400", "--seed", "5", "--out", out.toString(), "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("FAKE_LLM_KEY", key);
        pb.environment().put("PERSONAS_LOG_LEVEL", "DEBUG");
        Process p = pb.start();
        if (!p.waitFor(waitSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + waitSeconds + " s:\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    @Test
    void failingPersonasAreDeadLetteredAndResumeRetriesExactlyThem() throws Exception {
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("run.log");
        // Personas aged 47 always answer in Russian on the first run: they fail the contract every attempt.
        server.reset();
        server.script = (persona, n) -> persona.contains("|47|") ? FakeLlmServer.Fault.RUSSIAN
                : FakeLlmServer.Fault.NONE;
        int first = generate(out, config(""), log);
        assertEquals(1, first, Files.readString(log));
        assertTrue(Files.readString(log).contains("incomplete:") && Files.readString(log).contains("--resume"));
        List<String> dead = Files.readAllLines(out.resolve("dead-letters.jsonl"));
        assertFalse(dead.isEmpty());
        assertTrue(dead.stream().allMatch(l -> l.contains("\"age\":47")), "only the scripted personas failed");
        assertFalse(Files.exists(out.resolve("moldova_personas_400.parquet")), "no release while incomplete");

        server.reset(); // the provider is healthy again
        int second = generate(out, config(""), log);
        assertEquals(0, second, Files.readString(log));
        long retried = server.calls().stream().filter(c -> !c.repair()).map(c -> c.persona()).distinct().count();
        assertEquals(dead.size(), retried, "the resume asked only for the dead-lettered personas");
        List<String> lines = Files.readAllLines(out.resolve("moldova_personas_400.jsonl"));
        assertEquals(400, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"narrative_status\":\"llm\"")
                && l.contains("\"narrative_model\":\"fake-qwen\"") && l.contains("\"prompt_version\":\"ro-2\"")));
        assertEquals(0, Files.readAllLines(out.resolve("dead-letters.jsonl")).size());

        // The key is in no file of the run and in no log line, even at DEBUG.
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(KEY), f.toString());
            }
        }
        assertFalse(Files.readString(log).contains(KEY));
    }

    @Test
    void theBudgetStopsIntakeAndResumeCompletes() throws Exception {
        Path out = tmp.resolve("budget");
        Path log = tmp.resolve("budget.log");
        server.reset();
        int first = generate(out, config("budget-usd = 0.05"), log);
        assertEquals(1, first, Files.readString(log));
        assertTrue(Files.readString(log).contains("budget reached"), Files.readString(log));
        int second = generate(out, config("budget-usd = 0"), log);
        assertEquals(0, second, Files.readString(log));
        assertEquals(400, Files.readAllLines(out.resolve("moldova_personas_400.jsonl")).size());
    }

    @Test
    void aProviderThatAlwaysFailsEndsTheRunWithWhatItAnsweredAndResumeCompletes() throws Exception {
        Path out = tmp.resolve("outage");
        Path log = tmp.resolve("outage.log");
        server.reset();
        server.everyone = FakeLlmServer.Fault.HTML_502;
        long start = System.nanoTime();
        // A request timeout well above give-up-after: on a loaded machine the fake's 502s may come slowly, and the
        // run must still give up on what the provider answered rather than on a timeout.
        int first = generate(out, config("request-timeout = 15s\noutage { give-up-after = 4s, max-pause = 1s }"),
                log, KEY, 90);
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(log);
        assertEquals(1, first, text);
        String line = text.lines().filter(l -> l.startsWith("moldova-personas:")).reduce((a, b) -> b).orElse("");
        assertTrue(line.contains("HTTP 502") && line.contains("text/html") && line.contains("502 Bad Gateway")
                && line.contains("--resume"), line);
        assertEquals(1, text.lines().filter(l -> l.startsWith("moldova-personas:")).count(), text);
        assertTrue(text.contains("every call to " + server.baseUrl() + " fails"), "warned: " + text);
        String manifest = Files.readString(out.resolve("run.json"));
        assertTrue(manifest.contains("\"status\" : \"incomplete\"") && manifest.contains("HTTP 502"), manifest);
        assertEquals(0, Files.readAllLines(out.resolve("dead-letters.jsonl")).size(),
                "personas in flight are left for --resume, not dead-lettered");
        assertTrue(seconds < 60, "ended in " + seconds + " s");

        server.reset();
        int second = generate(out, config(""), log);
        assertEquals(0, second, Files.readString(log));
        assertEquals(400, Files.readAllLines(out.resolve("moldova_personas_400.jsonl")).size());
    }

    @Test
    void aRefusedKeyIsExplainedByTheKeyVariableNotTheBudget() throws Exception {
        Path out = tmp.resolve("badkey");
        Path log = tmp.resolve("badkey.log");
        server.reset();
        String wrong = "sk-wrong-0123456789abcdef";
        int code = generate(out, config(""), log, wrong, 90);
        String text = Files.readString(log);
        assertEquals(1, code, text);
        String line = text.lines().filter(l -> l.startsWith("moldova-personas:")).reduce((a, b) -> b).orElse("");
        assertTrue(line.contains("FAKE_LLM_KEY") && line.contains("401"), line);
        assertFalse(line.contains("budget"), "the budget is not the problem: " + line);
        assertFalse(text.contains(wrong) || text.contains(wrong.substring(0, 14)), "the key is never shown");
    }
}
