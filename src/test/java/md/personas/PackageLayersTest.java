package md.personas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages form one-way layers: a package imports only packages of lower layers, never one of its own layer
 * or above, so a newcomer can read the code bottom-up and change a layer without the ones below noticing. The
 * layers, lowest first (see docs/ARCHITECTURE.md):
 * messages, record, census, sampling, rebalancing, narratives, sinks, monitoring, pipeline, run, release / service,
 * operations. Packages in one layer (release, service) do not import each other.
 */
class PackageLayersTest {

    /** Lowest first; the packages of one entry are one layer. */
    static final List<List<String>> LAYERS = List.of(
            List.of("messages"), // one-line messages for people: no domain at all
            List.of("record"),
            List.of("census"),
            List.of("sampling"),
            List.of("rebalancing"),
            List.of("narratives"),
            List.of("sinks"),
            List.of("monitoring"), // reads stored rows back for the dataset report
            List.of("pipeline"),
            List.of("run"),
            List.of("scaleout"), // shards and the cluster: how one run is split over processes
            List.of("release", "service"),
            List.of("operations"));

    private static final Pattern REFERENCE = Pattern.compile("\\bmd\\.personas\\.([a-z]+)\\.");

    @Test
    void noPackageImportsItsOwnLayerOrAbove() throws IOException {
        List<String> backEdges = backEdges(Path.of("src/main/java/md/personas"));
        assertEquals(List.of(), backEdges, "imports against the layers:\n" + String.join("\n", backEdges));
    }

    @Test
    void aBackEdgeIsNamedWithItsFileAndImport(@TempDir Path root) throws IOException {
        Path service = Files.createDirectories(root.resolve("service"));
        Files.writeString(service.resolve("Server.java"), "package md.personas.service;\n\n"
                + "import md.personas.record.Persona;\nimport md.personas.operations.GenerateCommand;\n\nclass Server { }\n");
        Path release = Files.createDirectories(root.resolve("release"));
        Files.writeString(release.resolve("Card.java"), "package md.personas.release;\n\n"
                + "class Card {\n    md.personas.service.StatusServer server;\n}\n");
        Path extra = Files.createDirectories(root.resolve("newthing"));
        Files.writeString(extra.resolve("Thing.java"), "package md.personas.newthing;\nclass Thing { }\n");
        List<String> found = backEdges(root);
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.contains("service/Server.java:4 imports md.personas.operations.GenerateCommand;"
                + " (layer of operations is not below service)"), found.toString());
        assertTrue(found.contains("release/Card.java:4 refers to md.personas.service."
                + " (layer of service is not below release)"), found.toString());
        assertTrue(found.contains("newthing/Thing.java: package newthing has no layer; add it to"
                + " PackageLayersTest.LAYERS"), found.toString());
    }

    /** Every reference from a package to one of its own layer or above, as {@code file:line what}. */
    static List<String> backEdges(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() < 2) {
                continue; // md.personas itself: no classes live there
            }
            String from = relative.getName(0).toString();
            String name = relative.toString().replace('\\', '/');
            int fromLayer = layerOf(from);
            if (fromLayer < 0) {
                found.add(name + ": package " + from + " has no layer; add it to PackageLayersTest.LAYERS");
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.startsWith("package ") || line.startsWith("*") || line.startsWith("/*")
                        || line.startsWith("//")) {
                    continue;
                }
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    String to = m.group(1);
                    if (to.equals(from)) {
                        continue;
                    }
                    int toLayer = layerOf(to);
                    if (toLayer < 0 || toLayer >= fromLayer) {
                        String what = line.startsWith("import ") ? "imports " + line.substring(7).trim()
                                : "refers to md.personas." + to + ".";
                        found.add(name + ":" + (i + 1) + " " + what + " (layer of " + to + " is not below "
                                + from + ")");
                    }
                }
            }
        }
        return found;
    }

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }
}
