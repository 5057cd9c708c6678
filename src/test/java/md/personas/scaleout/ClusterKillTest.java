package md.personas.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A four-node cluster of child JVMs on loopback over one output directory, with two nodes killed by SIGKILL at the
 * worst moments: one once it holds ranges (the survivors down it, take its unfinished ranges and finish the run),
 * then the node the coordinator chose to write the release, once it has begun writing it (a survivor writes it
 * instead; keep-majority keeps the two of three). Exactly one release is completed, byte for byte that of a
 * single-process run. Then, every part there and the release gone (as if the last node had died before writing
 * it), a node started alone writes it. The long version (more nodes, more kills, the coordinator's node among
 * them) is {@code ops/drill-cluster}.
 */
class ClusterKillTest {

    static final String COUNT = "3000";
    static final String SEED = "31";
    static final List<String> RELEASE = List.of("moldova_personas_3k.parquet", "moldova_personas_3k.jsonl",
            "moldova_personas_3k.csv", "README.md");

    @TempDir
    Path tmp;

    /**
     * A port that is free now and stays free until a child binds it seconds later: one below the kernel's ephemeral
     * range, which the suite's port-0 servers and outgoing connections draw from while the children start.
     */
    static int freePort() throws IOException {
        int ephemeralLow = 32_768;
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            try (BufferedReader r = Files.newBufferedReader(range)) { // readString trusts /proc's size: 1 byte
                ephemeralLow = Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
            }
        }
        int low = Math.max(1_024, ephemeralLow - 12_000);
        for (int attempt = 0; ; attempt++) {
            int port = low + java.util.concurrent.ThreadLocalRandom.current().nextInt(ephemeralLow - low);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException busy) {
                if (attempt > 50) {
                    throw busy;
                }
            }
        }
    }

    static Process start(Path log, String... args) throws IOException {
        String classpath = "target/classes" + File.pathSeparator
                + Files.readString(Path.of("target/test-classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dpersonas.http.port=0", "-Dpersonas.checkpoint-every=250", "-cp", classpath,
                "md.personas.operations.Main", "generate", "--count", COUNT, "--seed", SEED));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PERSONAS_CLUSTER_STABLE_AFTER", "3s");
        return pb.start();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static long count(Path log, String text) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).count() : 0;
    }

    @Test
    void nodesKilledMidRunAndMidReleaseLoseNothingAndTheReleaseEqualsOneProcesssRun() throws Exception {
        Path out = tmp.resolve("cluster");
        Path single = tmp.resolve("single");
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        Instant begun = Instant.now();
        Process reference = start(tmp.resolve("single.log"), "--out", single.toString());
        List<Process> nodes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            logs.add(tmp.resolve("node-" + i + ".log"));
            nodes.add(start(logs.get(i), "--out", out.toString(), "--cluster-port", Integer.toString(ports[i]),
                    "--cluster-seed", seeds, "--cluster-host", "127.0.0.1"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (count(logs.get(1), "is this node's") < 2) {
            assertTrue(System.nanoTime() < deadline && nodes.get(1).isAlive(), "node 1 never held two ranges: "
                    + Files.readString(logs.get(1)));
            Thread.sleep(200);
        }
        nodes.get(1).destroyForcibly(); // SIGKILL: no goodbye, parts half written
        Instant killed = Instant.now();
        nodes.get(1).waitFor();
        Instant freed = null;
        int writer = -1;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        while (writer < 0) { // the chosen node, once its release has begun (its nested generate resumes the run)
            for (int i : new int[] {0, 2, 3}) {
                if (count(logs.get(i), "this node writes the release") > 0 && count(logs.get(i), "resuming in") > 0) {
                    writer = i;
                }
            }
            if (freed == null && logs.stream().mapToLong(l -> uncheckedCount(l, "is gone: its")).sum() > 0) {
                freed = Instant.now();
            }
            assertTrue(System.nanoTime() < deadline, "no node began the release");
            Thread.sleep(50);
        }
        Instant releaseBegun = Instant.now();
        nodes.get(writer).destroyForcibly();
        nodes.get(writer).waitFor();
        assertEquals(0, count(logs.get(writer), "released 3000 rows"), "killed before its release was complete");
        int released = 0;
        for (int i : new int[] {0, 2, 3}) {
            if (i != writer) {
                assertTrue(nodes.get(i).waitFor(300, TimeUnit.SECONDS), "survivor " + i + " did not end");
                assertEquals(0, nodes.get(i).exitValue(), Files.readString(logs.get(i)));
                released += count(logs.get(i), "released 3000 rows");
            }
        }
        Instant finished = Instant.now();
        assertTrue(freed != null, "the coordinator never freed the lost node's ranges");
        assertEquals(1, released, "exactly one survivor completes the release");
        assertTrue(reference.waitFor(400, TimeUnit.SECONDS));
        Instant referenceDone = Instant.now();
        assertEquals(0, reference.exitValue(), Files.readString(tmp.resolve("single.log")));
        for (String name : RELEASE) {
            assertEquals(sha256(single.resolve(name)), sha256(out.resolve(name)), name);
        }
        // Figures for the record (noisy on a shared machine; the single-process run runs at the same time).
        System.out.println("cluster: the lost node's ranges were free again "
                + Duration.between(killed, freed).toMillis() / 1000.0 + " s after the kill; the release's writer "
                + "killed mid-release, a survivor completed it " + Duration.between(releaseBegun, finished).toMillis()
                / 1000.0 + " s later; cluster wall time with the two kills " + Duration.between(begun, finished)
                .toMillis() / 1000.0 + " s; the single-process run beside it " + Duration.between(begun,
                referenceDone).toMillis() / 1000.0 + " s (or less: checked after the cluster)");

        // Every part there and no release: a node started alone writes it, the same bytes.
        try (var files = Files.walk(out)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                String name = out.relativize(f).toString();
                if (!name.isEmpty() && !name.startsWith("parts") && !name.matches("run\\.node-\\d+\\.json")
                        && !name.endsWith(".lock")) {
                    Files.delete(f);
                }
            }
        }
        int port = freePort();
        Process alone = start(tmp.resolve("alone.log"), "--out", out.toString(), "--cluster-port",
                Integer.toString(port), "--cluster-seed", "127.0.0.1:" + port, "--cluster-host", "127.0.0.1");
        assertTrue(alone.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, alone.exitValue(), Files.readString(tmp.resolve("alone.log")));
        assertEquals(1, count(tmp.resolve("alone.log"), "released 3000 rows"));
        for (String name : RELEASE) {
            assertEquals(sha256(single.resolve(name)), sha256(out.resolve(name)), name);
        }
    }

    private static long uncheckedCount(Path log, String text) {
        try {
            return count(log, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
