package md.personas.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits of a real configuration file reach the throttle within 5 s; broken edits are logged and ignored. */
class ThrottleReloadTest {

    @TempDir
    Path dir;

    final LinkedBlockingQueue<ThrottleChange> changes = new LinkedBlockingQueue<>();

    static String conf(String workers, String rpm, String tpm) {
        return "personas {\n  count = 100\n  narratives {\n    workers = " + workers + "\n    requests-per-minute = "
                + rpm + "\n    tokens-per-minute = " + tpm + "\n    api-key-env = \"SOME_KEY\"\n  }\n}\n";
    }

    /** As the command reloads: the file over the bundled defaults, resolved. */
    static Supplier<Config> loader(Path file) {
        return () -> ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                .withFallback(ConfigFactory.parseResources("conf/application.conf")).resolve();
    }

    /** Rewrites like an editor that saves to a temporary file and renames it over the original. */
    static void save(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".swp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anEditReachesTheThrottleWithin5sWithOldAndNewValuesLogged() throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, conf("4", "600", "100000"));
        try (LogCapture logs = new LogCapture("md.personas.service");
             ThrottleReload reload = ThrottleReload.start(List.of(file), loader(file), changes::add)) {
            Files.writeString(file, conf("8", "300", "100000")); // in place
            ThrottleChange change = changes.poll(5, TimeUnit.SECONDS);
            assertTrue(change != null, "applied within 5 s");
            assertEquals(8, change.workers().getAsInt());
            assertEquals(300, change.requestsPerMinute().getAsDouble());
            assertTrue(change.tokensPerMinute().isEmpty(), "only what changed");
            awaitLog(logs, "workers 4 -> 8, requests-per-minute 600 -> 300");
            assertTrue(logs.messages().stream().noneMatch(m -> m.contains("SOME_KEY")), "nothing else is logged");

            save(file, conf("8", "300", "250000")); // replaced by rename
            ThrottleChange tokens = changes.poll(5, TimeUnit.SECONDS);
            assertTrue(tokens != null, "a renamed-over file is seen too");
            assertTrue(tokens.workers().isEmpty());
            assertEquals(250_000, tokens.tokensPerMinute().getAsDouble());
        }
    }

    @Test
    void aBrokenEditIsLoggedAndIgnoredAndTheLastGoodValuesStay() throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, conf("4", "600", "100000"));
        try (LogCapture logs = new LogCapture("md.personas.service");
             ThrottleReload reload = ThrottleReload.start(List.of(file), loader(file), changes::add)) {
            Files.writeString(file, "personas { narratives { workers = 9 "); // unbalanced braces
            awaitLog(logs, "does not load");
            Files.writeString(file, conf("0", "600", "100000")); // parses, but no workers at all is invalid
            awaitLog(logs, "must be at least 1");
            Files.writeString(file, conf("4", "600", "100000")); // back to the last good values: nothing to do
            Thread.sleep(1500);
            assertNull(changes.poll(), "no change reached the throttle");
            Files.writeString(file, conf("16", "600", "100000"));
            ThrottleChange change = changes.poll(5, TimeUnit.SECONDS);
            assertTrue(change != null, "a good edit after broken ones still applies");
            assertEquals(16, change.workers().getAsInt());
            awaitLog(logs, "workers 4 -> 16");
        }
    }

    @Test
    void aRateSoSmallTheNextCallIsDaysAwayIsRefusedAndTheOldValueStays() throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, conf("4", "600", "100000"));
        try (LogCapture logs = new LogCapture("md.personas.service");
             ThrottleReload reload = ThrottleReload.start(List.of(file), loader(file), changes::add)) {
            Files.writeString(file, conf("4", "600", "1e-300"));
            awaitLog(logs, "tokens-per-minute must be 0 (no limit) or between");
            Files.writeString(file, conf("4", "1e-9", "100000"));
            awaitLog(logs, "requests-per-minute must be 0 (no limit) or between");
            Thread.sleep(1200);
            assertNull(changes.poll(), "no change reached the throttle");
        }
    }

    @Test
    void pollingAloneTakesEffectWithin5s() throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, conf("4", "600", "100000"));
        try (ThrottleReload reload = ThrottleReload.start(List.of(file), loader(file), changes::add,
                Duration.ofSeconds(1), false)) {
            Files.writeString(file, conf("4", "120", "100000"));
            ThrottleChange change = changes.poll(5, TimeUnit.SECONDS);
            assertTrue(change != null, "applied within 5 s without a watch service");
            assertEquals(120, change.requestsPerMinute().getAsDouble());
        }
    }

    @Test
    void aThrottleThatRefusesIsLoggedAndKeepsTheAppliedValues() throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, conf("4", "600", "100000"));
        try (LogCapture logs = new LogCapture("md.personas.service");
             ThrottleReload reload = ThrottleReload.start(List.of(file), loader(file),
                     ThrottleControl.unavailable("offline narratives run unthrottled"))) {
            Files.writeString(file, conf("6", "600", "100000"));
            awaitLog(logs, "the throttle refused it: offline narratives run unthrottled; keeping workers=4");
        }
    }

    static void awaitLog(LogCapture logs, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!logs.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(logs.contains(text), "logged '" + text + "' within 5 s: " + logs.messages());
    }
}
