package md.personas.operations;

import static md.personas.operations.GenerateCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import md.personas.run.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage and configuration errors are found before anything is created: exit 2, one line, no directory, no
 * run.json left "running" to block the corrected command.
 */
class ExitCodesTest {

    @TempDir
    Path tmp;

    private Path config(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name + ".conf"), text);
    }

    private void assertUsageBeforeAnything(String fragment, String... args) {
        Path out = tmp.resolve("out");
        String[] all = new String[args.length + 3];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        all[all.length - 2] = "--out";
        all[all.length - 1] = out.toString();
        GenerateCommandTest.Result r = cli(all);
        assertEquals(ExitCode.USAGE, r.code(), r.stderr());
        assertTrue(r.errorLine().contains(fragment), "expected '" + fragment + "' in: " + r.stderr());
        assertEquals(1, r.stderr().lines().filter(l -> l.startsWith("moldova-personas:")).count(), r.stderr());
        assertFalse(Files.exists(out), "nothing was created for: " + fragment);
    }

    @Test
    void configurationErrorsExitTwoBeforeTheDirectoryExists() throws IOException {
        assertUsageBeforeAnything("can be at most 2147483647", "--narratives", "none", "--count", "2147483648");
        assertUsageBeforeAnything("controlled-tables is empty", "--narratives", "none", "--count", "100",
                "--config", config("empty", "personas.rebalancer.controlled-tables = []").toString());
        assertUsageBeforeAnything("unknown table 'hair x eyes'", "--narratives", "none", "--count", "100",
                "--config", config("unknown", "personas.rebalancer.controlled-tables = [\"hair x eyes\"]").toString());
        assertUsageBeforeAnything("offline-workers must be 0 or more", "--count", "100",
                "--config", config("workers", "personas.narratives.offline-workers = -3").toString());
        String ollama = "personas.narratives { provider = ollama, model = m }\n";
        assertUsageBeforeAnything("prompt-version 'nope'", "--narratives", "llm", "--count", "100",
                "--config", config("prompt", ollama + "personas.narratives.prompt-version = nope").toString());
        assertUsageBeforeAnything("max-transport-retries must be 0 or more", "--narratives", "llm", "--count",
                "100", "--config", config("retries", ollama
                        + "personas.narratives.retry.max-transport-retries = -1").toString());
        assertUsageBeforeAnything("--resume and --fresh contradict", "--narratives", "none", "--resume",
                "--fresh");
    }

    @Test
    void aDanglingSymlinkOutIsAUsageError() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        GenerateCommandTest.Result r = cli("generate", "--narratives", "none", "--count", "100", "--out",
                link.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.stderr());
        assertTrue(r.errorLine().contains("symbolic link to a path that does not exist"), r.stderr());
        assertFalse(Files.exists(tmp.resolve("nowhere")));
    }

    @Test
    void aBusyStatusPortIsFoundBeforeTheDirectoryIsCreated() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path out = tmp.resolve("busy");
            String previous = System.getProperty("personas.http.port");
            System.setProperty("personas.http.port", String.valueOf(taken.getLocalPort()));
            com.typesafe.config.ConfigFactory.invalidateCaches(); // Typesafe config caches system properties
            try {
                GenerateCommandTest.Result r = cli("generate", "--narratives", "none", "--count", "100", "--out",
                        out.toString());
                assertEquals(ExitCode.USAGE, r.code(), r.stderr());
                assertTrue(r.errorLine().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.stderr());
                assertFalse(Files.exists(out), "no directory, no run.json");
            } finally {
                if (previous == null) {
                    System.clearProperty("personas.http.port");
                } else {
                    System.setProperty("personas.http.port", previous);
                }
                com.typesafe.config.ConfigFactory.invalidateCaches();
            }
        }
    }
}
