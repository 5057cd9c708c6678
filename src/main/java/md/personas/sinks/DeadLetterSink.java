package md.personas.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeOutcome;
import md.personas.record.Column;
import md.personas.record.Narrative;
import md.personas.record.PersonaRecord;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * {@code DIR/dead-letters.jsonl}: one line per persona whose narrative failed after every attempt, with the
 * reason, the attempts, the contract violations and the structured persona. A later {@code --resume} retries
 * exactly these (they are in no finished part); the file is rewritten by each run.
 */
public final class DeadLetterSink {

    public static final String FILE = "dead-letters.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterSink() {
    }

    public static Sink<NarrativeOutcome, CompletionStage<IOResult>> to(Path outputDirectory) {
        return Flow.<NarrativeOutcome>create()
                .collectType(NarrativeOutcome.Failed.class)
                .map(DeadLetterSink::line)
                .toMat(FileIO.toPath(outputDirectory.resolve(FILE), Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)), Keep.right());
    }

    static ByteString line(NarrativeOutcome.Failed failed) throws Exception {
        ObjectNode node = JSON.createObjectNode();
        node.put("index", failed.persona().index());
        node.put("uuid", failed.persona().uuid());
        node.put("reason", failed.reason());
        node.put("attempts", failed.attempts());
        var violations = node.putArray("violations");
        for (ContractViolation v : failed.violations()) {
            violations.add(v.toString());
        }
        ObjectNode persona = node.putObject("persona");
        PersonaRecord record = new PersonaRecord(failed.persona(), Narrative.none());
        for (Column c : Column.values()) {
            if (Column.NARRATIVE_FIELDS.contains(c) || c.ordinal() >= Column.NARRATIVE_STATUS.ordinal()) {
                continue;
            }
            persona.putPOJO(c.columnName(), record.get(c));
        }
        return ByteString.fromString(JSON.writeValueAsString(node) + "\n");
    }
}
