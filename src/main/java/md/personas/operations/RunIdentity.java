package md.personas.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What makes two runs the same run: seed, count and the hash of the configuration that determines the records
 * (the census reference included; throttles and other tuning excluded, so a resumed run may be tuned).
 */
public record RunIdentity(long seed, long count, String configHash) {

    public static final String FILE = "run.json";

    public static RunIdentity of(Settings settings, byte[] referenceBytes) {
        return new RunIdentity(settings.seed(), settings.count(), sha256(settings.identity().getBytes(
                StandardCharsets.UTF_8), referenceBytes));
    }

    /** The identity recorded in a directory's run.json, if there is one. */
    public static Optional<RunIdentity> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw RunFailure.usage(file + " is not valid JSON; use another --out, or pass --fresh to start again");
        }
        if (!node.path("seed").isNumber() || !node.path("count").isNumber() || !node.path("config_hash").isTextual()) {
            throw RunFailure.usage(file + " lacks seed, count or config_hash; use another --out, or pass --fresh");
        }
        return Optional.of(new RunIdentity(node.path("seed").asLong(), node.path("count").asLong(),
                node.path("config_hash").asText()));
    }

    /** "seed 7 (not 42)" and the like; empty when the same. */
    public String differenceFrom(RunIdentity wanted) {
        if (seed != wanted.seed) {
            return "seed " + seed + " (this run asks for " + wanted.seed + ")";
        }
        if (count != wanted.count) {
            return "count " + count + " (this run asks for " + wanted.count + ")";
        }
        if (!configHash.equals(wanted.configHash)) {
            return "a different configuration (hash " + configHash.substring(0, 12) + ", this run "
                    + wanted.configHash.substring(0, 12) + ")";
        }
        return "";
    }

    static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                digest.update(p);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
