package md.personas.sinks;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import md.personas.record.PersonaRecord;

/**
 * The checkpoint sinks: one per format, each a branch of the pipeline's Broadcast. Every
 * {@link PartSettings#checkpointEvery()} records a sink finishes a part in {@code DIR/parts/}; on completion it
 * finishes the last, shorter part; on failure or cancellation the part in progress is dropped, never finished.
 *
 * <p>This is the project's small rotating-file stage (Pekko Connectors File is not served to us). A part's records
 * arrive unordered (the narrative stage is mapAsyncUnordered) and are written sorted by index, so a part must be
 * whole before it is written: {@code grouped} buffers exactly one part (bounded by checkpoint-every, independent
 * of N), and one blocking call writes, fsyncs and renames it. {@code FileIO.toPath} would add a materialization per
 * part and does not fsync. The whole sink runs on {@code pekko.actor.default-blocking-io-dispatcher} behind an
 * async boundary, so its disk waits never block the default dispatcher.
 *
 * <p>Because both sinks count the same elements of the same Broadcast, part k of the JSONL sink and part k of the
 * Parquet sink hold the same records. A part counts as done only once both files are finished
 * ({@link PartDirectory}).
 */
public final class PartSinks {

    /** Where the blocking writes run. */
    public static final String BLOCKING_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";

    private PartSinks() {
    }

    /** The JSONL part sink: {@code part-NNNNNN.jsonl} files. */
    public static Sink<PersonaRecord, CompletionStage<PartsWritten>> jsonl(PartDirectory directory,
            PartSettings settings) {
        return sink(directory, PartFormat.JSONL, settings);
    }

    /** The Parquet part sink: {@code part-NNNNNN.parquet} files. */
    public static Sink<PersonaRecord, CompletionStage<PartsWritten>> parquet(PartDirectory directory,
            PartSettings settings) {
        return sink(directory, PartFormat.PARQUET, settings);
    }

    /** A part sink of either format. */
    public static Sink<PersonaRecord, CompletionStage<PartsWritten>> sink(PartDirectory directory, PartFormat format,
            PartSettings settings) {
        return parts(directory, format, settings)
                .toMat(Sink.fold(PartsWritten.none(format), PartsWritten::plus), Keep.right())
                .async(BLOCKING_DISPATCHER);
    }

    /**
     * The same stage as a flow that emits one {@link PartWritten} per finished part, for a caller that wants to act
     * on each checkpoint (progress, logging). It runs on the caller's dispatcher unless the caller adds
     * {@code .async(PartSinks.BLOCKING_DISPATCHER)}, as {@link #sink} does.
     */
    public static Flow<PersonaRecord, PartWritten, NotUsed> parts(PartDirectory directory, PartFormat format,
            PartSettings settings) {
        PartWriter writer = new PartWriter(directory, format);
        int first = settings.firstPartNumber();
        int stride = settings.partStride();
        return Flow.<PersonaRecord>create()
                .grouped(settings.checkpointEvery())                                  // : List<PersonaRecord>
                .zipWithIndex()                                                       // : Pair<List<..>, Long>
                .map(part -> writer.write(partNumber(first, stride, part.second()), part.first())); // : PartWritten
    }

    private static int partNumber(int first, int stride, long offset) {
        return Math.toIntExact(first + stride * offset);
    }
}
