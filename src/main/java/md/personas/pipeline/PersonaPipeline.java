package md.personas.pipeline;

import java.util.BitSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorStage;
import md.personas.monitoring.MonitorVerdict;
import md.personas.narratives.NarrativeOutcome;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.sampling.PersonaSampler;
import md.personas.sinks.DeadLetterSink;
import md.personas.sinks.PartDirectory;
import md.personas.sinks.PartSettings;
import md.personas.sinks.PartSinks;
import md.personas.sinks.PartsWritten;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.ClosedShape;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.UniformFanOutShape;
import org.apache.pekko.stream.javadsl.Broadcast;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The whole generation graph, in one place:
 *
 * <pre>
 * proposal indices -> sample -> rebalance -> take N -> skip done (resume) -> intake switch -> narrate
 *   -> in-flight switch -> Broadcast --+--> JSONL parts
 *                  +--> Parquet parts
 *                  +--> chi-square monitor (may trip the kill switch)
 *                  +--> dead letters
 * </pre>
 *
 * The intake switch sits before the narrative stage, so that a graceful stop ends intake while the personas in
 * flight are still written (both part sinks then finish a last, shorter part), and an abort fails everything after
 * it. The in-flight switch after the narrative stage lets a stop that is taking too long give up the personas
 * still in flight (they are redone on resume).
 */
public final class PersonaPipeline {

    /** What the stages are built from. */
    public record Stages(PersonaSampler sampler, QuotaRebalancer rebalancer, long count, BitSet done,
                         Flow<Persona, NarrativeOutcome, NotUsed> narrate, ChiSquareMonitor monitor,
                         Consumer<MonitorVerdict> onVerdict, PartDirectory parts, PartSettings partSettings,
                         java.nio.file.Path outputDirectory) { }

    /** The materialized results of one run: each branch's completion. */
    public record Completion(CompletionStage<PartsWritten> jsonl, CompletionStage<PartsWritten> parquet,
                             CompletionStage<ChiSquareMonitor> monitor, CompletionStage<IOResult> deadLetters) { }

    private PersonaPipeline() {
    }

    public static RunnableGraph<Completion> graph(Stages s, SharedKillSwitch intake, SharedKillSwitch inFlight) {
        Source<NarrativeOutcome, NotUsed> narrated =
                Source.fromIterator(() -> LongStream.iterate(0, i -> i + 1).iterator()) // : Long proposal index
                        .map(s.sampler()::sample)                                    // : Persona (a proposal)
                        .via(Rebalancing.flow(s.rebalancer()))                       // : Persona (accepted, indexed)
                        .take(s.count())                                             // : the first N accepted
                        .async()                                     // sampling and quotas on their own thread
                        .filter(p -> !s.done().get(Math.toIntExact(p.index())))      // : not in a finished part
                        .via(intake.flow())                                          // : until stopped or aborted
                        .via(s.narrate())                                            // : NarrativeOutcome
                        .via(inFlight.flow());                                       // : unless a stop is overdue
        Sink<NarrativeOutcome, CompletionStage<PartsWritten>> jsonl = written()
                .toMat(PartSinks.jsonl(s.parts(), s.partSettings()), (a, b) -> b);
        Sink<NarrativeOutcome, CompletionStage<PartsWritten>> parquet = written()
                .toMat(PartSinks.parquet(s.parts(), s.partSettings()), (a, b) -> b);
        Sink<NarrativeOutcome, CompletionStage<ChiSquareMonitor>> monitor =
                MonitorStage.sink(s.monitor(), intake, s.onVerdict()).async();
        Sink<NarrativeOutcome, CompletionStage<IOResult>> deadLetters = DeadLetterSink.to(s.outputDirectory());
        return RunnableGraph.fromGraph(GraphDSL.create4(jsonl, parquet, monitor, deadLetters, Completion::new,
                (builder, jsonlIn, parquetIn, monitorIn, deadIn) -> {
                    // eagerCancel: if one sink fails, the others stop rather than write parts that cannot pair.
                    UniformFanOutShape<NarrativeOutcome, NarrativeOutcome> broadcast =
                            builder.add(Broadcast.create(4, true));
                    builder.from(builder.add(narrated)).viaFanOut(broadcast);
                    builder.from(broadcast).to(jsonlIn);
                    builder.from(broadcast).to(parquetIn);
                    builder.from(broadcast).to(monitorIn);
                    builder.from(broadcast).to(deadIn);
                    return ClosedShape.getInstance();
                }));
    }

    private static Flow<NarrativeOutcome, PersonaRecord, NotUsed> written() {
        return Flow.<NarrativeOutcome>create()
                .collectType(NarrativeOutcome.Written.class)
                .map(NarrativeOutcome.Written::record);
    }
}
