package md.personas.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import md.personas.run.RunFailure;

/**
 * How a directory's run is cut: into {@code shards} shards over checkpoint ranges of {@code checkpointEvery}
 * personas. Two shards that disagreed on either would deal the ranges differently (some personas twice, some never),
 * so the first shard to start writes {@code shards.json} (create-new: exactly one writer wins) and every later shard,
 * and {@code release}, must agree with it.
 */
public record ShardPlan(int shards, int checkpointEvery) {

    public static final String FILE_NAME = "shards.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /** Writes the plan if the directory has none; else checks this shard agrees with it (exit 2 if not). */
    public static void agree(Path dir, ShardPlan mine) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        // Written whole under a name of its own, then linked to its real name: the link is created only if the
        // name is free, in one step, so a reader never sees a half-written plan and exactly one shard's plan wins.
        Path mineFile = dir.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + ".tmp");
        Files.write(mineFile, (JSON.writeValueAsString(mine) + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                StandardOpenOption.SYNC);
        try {
            Files.createLink(file, mineFile);
            return;
        } catch (FileAlreadyExistsException taken) {
            // another shard wrote it first: check below
        } finally {
            Files.deleteIfExists(mineFile);
        }
        ShardPlan theirs = read(dir);
        if (theirs.shards != mine.shards) {
            throw RunFailure.usage(dir + " is cut in " + theirs.shards + " shards (" + FILE_NAME + "), not "
                    + mine.shards + "; run --shard K/" + theirs.shards + ", or use another --out");
        }
        if (theirs.checkpointEvery != mine.checkpointEvery) {
            throw RunFailure.usage(dir + " is cut into checkpoint ranges of " + theirs.checkpointEvery + " ("
                    + FILE_NAME + "), this shard's personas.checkpoint-every is " + mine.checkpointEvery + "; run "
                    + "every shard with the same checkpoint-every");
        }
    }

    /** The plan in {@code dir}; unreadable is exit 2. */
    public static ShardPlan read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return JSON.readValue(Files.readAllBytes(file), ShardPlan.class);
        } catch (IOException | RuntimeException e) {
            throw RunFailure.usage(file + " cannot be read as this program's shard plan ("
                    + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + "); move it away");
        }
    }
}
