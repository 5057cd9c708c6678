package md.personas.operations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import md.personas.census.ReferenceSource;
import md.personas.monitoring.MonitorVerdict;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.run.RunManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {

    static final String CONFIG = """
            personas {
              count = 2000
              seed = 20240408
              narratives { mode = "llm", provider = "dashscope", api-key-env = "%s" }
            }
            """;

    static RunManifest begun(String config) {
        return RunManifest.begin(20240408L, 2000, config, "moldova-2024@2.0", "ab".repeat(32),
                new RunManifest.Narratives("llm", "qwen-plus", "v3"), RebalancerSettings.defaults());
    }

    /** A manifest as the pipeline would have built it by the end of a run. */
    static RunManifest finished() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        return begun(CONFIG.formatted("DASHSCOPE_API_KEY"))
                .withPhaseStarted("generate", t0)
                .withRebalancerStats(new QuotaRebalancer.Stats(2600, 2000, 600, 1.75, 41, 0))
                .withWritten(2000)
                .withDeadLetters(3)
                .plusUsage(1200, 3400, 0.012)
                .plusUsage(800, 600, 0.004)
                .withVerdict(MonitorVerdict.pass(1000))
                .withVerdict(MonitorVerdict.fail(2000, "region", "p = 0.0004 < 0.001"))
                .withPhaseEnded("generate", t0.plusMillis(83_250))
                .withPhaseStarted("release", t0.plusSeconds(84))
                .withPhaseEnded("release", t0.plusSeconds(86))
                .finished(RunManifest.Status.ABORTED, 3);
    }

    @Test
    void writesAndReadsBackTheSameManifestAtomically(@TempDir Path dir) throws IOException {
        RunManifest m = finished();
        Path file = m.writeTo(dir);

        assertEquals(dir.resolve("run.json"), file);
        assertEquals(m, RunManifest.readFrom(dir));
        assertArrayEquals(m.toJson(), Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        // written again at a later checkpoint: replaced, not appended
        RunManifest later = m.withWritten(2000).withVerdict(MonitorVerdict.pass(3000));
        later.writeTo(dir);
        assertEquals(later, RunManifest.readFrom(dir));
    }

    @Test
    void theJsonHasSnakeCaseKeysInAFixedOrderAndLowercaseStatus() throws IOException {
        RunManifest m = finished();
        JsonNode json = new ObjectMapper().readTree(m.toJson());

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("seed", "count", "label", "configuration_sha256", "software_version", "census",
                "narratives", "counts", "rebalancer", "timings", "usage", "monitor_verdicts", "status", "exit_code",
                "end_reason", "written_files"), keys);
        assertEquals("2k", json.get("label").asText());
        assertEquals("aborted", json.get("status").asText());
        assertEquals(3, json.get("exit_code").asInt());
        assertEquals(2600, json.at("/counts/proposals").asLong());
        assertEquals(2000.0 / 2600, json.at("/counts/acceptance_ratio").asDouble(), 1e-15);
        assertEquals(1.75, json.at("/rebalancer/worst_prefix_deviation").asDouble());
        assertEquals(List.of("ethnicity x region", "sex x age_group", "region x residence"),
                List.of(json.at("/rebalancer/controlled_tables/0").asText(),
                        json.at("/rebalancer/controlled_tables/1").asText(),
                        json.at("/rebalancer/controlled_tables/2").asText()));
        assertEquals(2000, json.at("/usage/tokens_in").asLong());
        assertEquals(0.016, json.at("/usage/cost_usd").asDouble(), 1e-12);
        assertEquals("2026-11-25T10:00:00Z", json.at("/timings/0/start").asText());
        assertEquals("2026-11-25T10:01:23.250Z", json.at("/timings/0/end").asText());
        assertEquals(83.25, json.at("/timings/0/seconds").asDouble());
        assertEquals("release", json.at("/timings/1/name").asText());
        assertTrue(json.at("/monitor_verdicts/0/reason").isMissingNode(), "a passed verdict has no reason");
        assertEquals("p = 0.0004 < 0.001", json.at("/monitor_verdicts/1/reason").asText());
        assertEquals("moldova-2024@2.0", json.at("/census/reference_id").asText());
        String text = new String(m.toJson(), StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "'\\n' line ends on every platform");
        assertTrue(text.endsWith("}\n"));
    }

    @Test
    void aRunningManifestHasNoExitCodeAndOpenPhases() throws IOException {
        RunManifest m = begun("x").withPhaseStarted("generate", Instant.parse("2026-11-25T10:00:00Z"));
        JsonNode json = new ObjectMapper().readTree(m.toJson());
        assertEquals("running", json.get("status").asText());
        assertTrue(json.get("exit_code").isNull());
        assertTrue(json.at("/timings/0/end").isNull());
        assertThrows(IllegalStateException.class, () -> m.withPhaseEnded("release", Instant.now()));
        assertThrows(IllegalArgumentException.class, () -> m.finished(RunManifest.Status.RUNNING, 0));
        // a resumed run starts a phase again: timed anew, not duplicated
        RunManifest resumed = m.withPhaseStarted("generate", Instant.parse("2026-11-25T11:00:00Z"));
        assertEquals(1, resumed.timings().size());
        assertEquals("2026-11-25T11:00:00Z", resumed.timings().get(0).start());
    }

    @Test
    void equalManifestsAreEqualBytes() {
        assertArrayEquals(finished().toJson(), finished().toJson());
        assertNotEquals(new String(finished().toJson(), StandardCharsets.UTF_8),
                new String(finished().withDeadLetters(4).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void hashesIdentifyTheConfigurationAndTheReferenceFiles(@TempDir Path dir) throws IOException {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                RunManifest.configurationSha256("abc"), "the SHA-256 test vector");
        assertNotEquals(RunManifest.configurationSha256(CONFIG.formatted("A")),
                RunManifest.configurationSha256(CONFIG.formatted("B")));

        ReferenceSource bundled = ReferenceSource.bundled();
        String hash = RunManifest.referenceSha256(bundled);
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        for (String f : ReferenceSource.FILES) {
            Files.write(dir.resolve(f), bundled.bytes(f));
        }
        assertEquals(hash, RunManifest.referenceSha256(ReferenceSource.directory(dir)), "same bytes, same hash");
        Files.writeString(dir.resolve(ReferenceSource.EXTENSIONS),
                Files.readString(dir.resolve(ReferenceSource.EXTENSIONS)) + " ");
        assertNotEquals(hash, RunManifest.referenceSha256(ReferenceSource.directory(dir)), "one byte more");
    }

    @Test
    void theSoftwareVersionFallsBackToDevOutsideAJar() {
        // Tests run from target/classes, which has no jar manifest.
        assertEquals("dev", RunManifest.currentSoftwareVersion());
        assertEquals("dev", begun("x").softwareVersion());
    }

    /**
     * A child JVM has an API key in its environment and builds the manifest from a configuration that names the
     * variable; the run.json it writes must not contain the key.
     */
    @Test
    void theManifestNeverHoldsTheApiKeyFromTheEnvironment(@TempDir Path dir) throws Exception {
        String variable = "MOLDOVA_PERSONAS_TEST_API_KEY";
        String secret = "sk-test-4f1d8c0b7e2a49d5a3c6e9f0b1d2c3e4";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WriteManifestWithKeyInEnvironment.class.getName(), dir.toString(), variable)
                .redirectErrorStream(true);
        pb.environment().put(variable, secret);
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        assertEquals(0, child.exitValue(), output);
        assertEquals("key visible to the child: " + secret.length() + " characters", output.strip(),
                "the key really was in the child's environment");

        String manifest = Files.readString(dir.resolve("run.json"));
        assertFalse(manifest.contains(secret), manifest);
        assertFalse(manifest.contains(secret.substring(8, 24)), "not even part of it");
        assertTrue(manifest.contains(RunManifest.configurationSha256(CONFIG.formatted(variable))),
                "the configuration naming the variable was hashed");
    }

    /** The child JVM's program for the test above. */
    public static final class WriteManifestWithKeyInEnvironment {
        public static void main(String[] args) throws IOException {
            String variable = args[1];
            String key = System.getenv(variable);
            if (key == null) {
                System.out.println("no key in the environment");
                System.exit(3);
            }
            System.out.println("key visible to the child: " + key.length() + " characters");
            begun(CONFIG.formatted(variable)).plusUsage(10, 20, 0.001).writeTo(Path.of(args[0]));
        }
    }
}
