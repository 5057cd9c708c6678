package md.personas.narratives.offline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of every text the offline writer and the narrative checks read (its phrase bank, the life facts, job
 * tasks and culture facts, the skill synonyms, the contract). It joins a run's identity, so that a run resumed by a program whose texts
 * changed is refused instead of releasing parts written by two versions of the writer side by side.
 */
public final class OfflineWriterDigest {

    private static final List<String> SHARED = List.of("life-facts", "job-tasks", "culture-facts", "contract",
            "skill-synonyms");
    private static volatile String digest;

    private OfflineWriterDigest() {
    }

    public static String sha256() {
        String d = digest;
        if (d == null) {
            d = compute();
            digest = d;
        }
        return d;
    }

    private static String compute() {
        List<String> resources = new ArrayList<>();
        PhraseBank.FILES.forEach(f -> resources.add("/narratives/offline/" + f + ".json"));
        SHARED.forEach(f -> resources.add("/narratives/" + f + ".json"));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String resource : resources) {
                try (InputStream in = OfflineWriterDigest.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + resource + " is missing from the build");
                    }
                    sha.update(resource.getBytes(StandardCharsets.UTF_8));
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the offline writer's texts", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
