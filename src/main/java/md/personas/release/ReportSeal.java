package md.personas.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proof, in the last line of the stats Markdown, that it and the report files beside it (card, stats JSON,
 * charts) are this program's and unchanged: {@code <!-- moldova-personas seal: {"self":SHA-256 of the file above
 * this line,"files":{name:SHA-256}} -->} (an HTML comment, invisible where the Markdown is rendered). The run
 * manifest proves ownership where it exists; the seal covers the reports of a reference run kept in a repository
 * without its manifest (which describes one machine's run), so a fresh clone's next run may replace them. A report a
 * person edited no longer verifies and is then foreign, like any file this program did not write. The seal sits in
 * the stats Markdown, which already holds the run's timings, so the card stays byte-identical between runs.
 */
public final class ReportSeal {

    private static final String PREFIX = "<!-- moldova-personas seal: ";
    private static final String SUFFIX = " -->\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportSeal() {
    }

    /** {@code text} followed by the seal line over it and over {@code files} (relative to {@code dir}). */
    public static byte[] sealed(byte[] text, Path dir, List<String> files) throws IOException {
        byte[] body = text.length == 0 || text[text.length - 1] == '\n' ? text : concat(text, new byte[] {'\n'});
        ObjectNode seal = JSON.createObjectNode();
        seal.put("self", hex(digest().digest(body)));
        ObjectNode hashes = seal.putObject("files");
        for (String f : new java.util.TreeSet<>(files)) {
            hashes.put(f, sha256(dir.resolve(f)));
        }
        return concat(body, (PREFIX + JSON.writeValueAsString(seal) + SUFFIX).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The files of {@code dir} that the seal of a stats Markdown there ({@code moldova_personas_*_stats.md}) vouches
     * for, with their SHA-256, the sealed file itself included; empty when there is none, or it was changed after
     * sealing. The caller compares each file's hash.
     */
    public static Map<String, String> vouchedFor(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (java.nio.file.DirectoryStream<Path> stats = Files.newDirectoryStream(dir, "moldova_personas_*_stats.md")) {
            for (Path f : stats) {
                out.putAll(vouchedBy(f));
            }
        } catch (IOException | RuntimeException e) {
            return Map.of(); // an unreadable directory vouches for nothing
        }
        return out;
    }

    private static Map<String, String> vouchedBy(Path sealedFile) {
        try {
            if (!Files.isRegularFile(sealedFile, LinkOption.NOFOLLOW_LINKS) || Files.size(sealedFile) > 16L << 20) {
                return Map.of();
            }
            byte[] bytes = Files.readAllBytes(sealedFile);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int at = text.lastIndexOf("\n" + PREFIX);
            if (at < 0 || !text.endsWith(SUFFIX)) {
                return Map.of();
            }
            byte[] body = Arrays.copyOf(bytes, text.substring(0, at + 1).getBytes(StandardCharsets.UTF_8).length);
            JsonNode seal = JSON.readTree(text.substring(at + 1 + PREFIX.length(), text.length() - SUFFIX.length()));
            if (!hex(digest().digest(body)).equals(seal.path("self").asText())) {
                return Map.of();
            }
            Map<String, String> out = new TreeMap<>();
            seal.path("files").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            out.put(sealedFile.getFileName().toString(), sha256(sealedFile));
            return out;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // an unreadable or malformed seal vouches for nothing
        }
    }

    /** The SHA-256 of a file's bytes, in hex; a symbolic link is not followed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
