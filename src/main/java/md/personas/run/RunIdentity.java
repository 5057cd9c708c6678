package md.personas.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What makes two runs the same run: seed, count and the hash of the configuration that determines the records
 * (the census reference included; throttles and other tuning excluded, so that a resumed run may be tuned).
 *
 * @param text the configuration that determines the records, as hashed into the manifest
 */
public record RunIdentity(long seed, long count, String configurationSha256, String text) {

    /**
     * The identity of a run of {@code count} personas from {@code seed} whose record-determining configuration
     * reads {@code configuration}, over the census reference with hash {@code referenceSha256}.
     */
    public static RunIdentity of(long seed, long count, String configuration, String referenceSha256) {
        String text = configuration + "\ncensus=" + referenceSha256;
        return new RunIdentity(seed, count, RunManifest.configurationSha256(text), text);
    }

    /** The identity recorded in a directory's run.json, if there is one. */
    public static Optional<RunIdentity> read(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunManifest.FILE_NAME))) {
            return Optional.empty();
        }
        try {
            RunManifest m = RunManifest.readFrom(dir);
            if (m.configurationSha256() == null) {
                throw new IOException("no configuration_sha256");
            }
            return Optional.of(new RunIdentity(m.seed(), m.count(), m.configurationSha256(), ""));
        } catch (IOException | RuntimeException e) {
            throw RunFailure.usage(dir.resolve(RunManifest.FILE_NAME) + " cannot be read (" + e.getMessage()
                    + "); use another --out, or pass --fresh to start again");
        }
    }

    /** "seed 7 (this run asks for 42)" and the like; empty when the same. */
    public String differenceFrom(RunIdentity wanted) {
        if (seed != wanted.seed) {
            return "seed " + seed + " (this run asks for " + wanted.seed + ")";
        }
        if (count != wanted.count) {
            return "count " + count + " (this run asks for " + wanted.count + ")";
        }
        if (!configurationSha256.equals(wanted.configurationSha256)) {
            return "a different configuration (hash " + configurationSha256.substring(0, 12) + ", this run "
                    + wanted.configurationSha256.substring(0, 12) + ")";
        }
        return "";
    }
}
