package md.personas.sinks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import md.personas.record.PersonaRecord;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.ClosedShape;
import org.apache.pekko.stream.UniformFanOutShape;
import org.apache.pekko.stream.javadsl.Broadcast;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** Runs records through a Broadcast to both part sinks, as the pipeline does, and waits for both. */
final class PartStreams {

    private PartStreams() {
    }

    /** Both sinks' outcomes: each either what it wrote or why it failed. */
    record Outcome(CompletableFuture<PartsWritten> jsonl, CompletableFuture<PartsWritten> parquet) {

        PartsWritten jsonlWritten() throws Exception {
            return jsonl.get();
        }

        PartsWritten parquetWritten() throws Exception {
            return parquet.get();
        }

        /** The failure of a sink, unwrapped; fails the test if the sink did not fail. */
        static Throwable failure(CompletableFuture<PartsWritten> f) {
            try {
                PartsWritten w = f.get();
                throw new AssertionError("the sink completed, having written " + w);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * A source that fails with {@code failure} once {@code parts} part pairs are finished in {@code dir}. A failure
     * overtakes elements still buffered at async boundaries (Pekko drops them), so a test that wants "these records
     * were written, then the stream failed" waits for the parts before failing.
     */
    static Source<PersonaRecord, ?> failOnceFinished(PartDirectory dir, int parts, Throwable failure) {
        CompletableFuture<Boolean> finished = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (dir.scan().finished().size() < parts) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(parts + " parts never finished in " + dir);
                    }
                    Thread.sleep(5);
                }
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return true;
        });
        return Source.completionStage(finished).flatMapConcat(ok -> Source.<PersonaRecord>failed(failure));
    }

    static Outcome run(ActorSystem<?> system, Source<PersonaRecord, ?> records, PartDirectory dir,
            PartSettings settings) throws InterruptedException, TimeoutException {
        Sink<PersonaRecord, CompletionStage<PartsWritten>> jsonl = PartSinks.jsonl(dir, settings);
        Sink<PersonaRecord, CompletionStage<PartsWritten>> parquet = PartSinks.parquet(dir, settings);
        Pair<CompletionStage<PartsWritten>, CompletionStage<PartsWritten>> done = RunnableGraph.fromGraph(
                GraphDSL.create(jsonl, parquet, Pair::create, (b, j, p) -> {
                    UniformFanOutShape<PersonaRecord, PersonaRecord> fan = b.add(Broadcast.create(2, true));
                    b.from(b.add(records)).viaFanOut(fan).to(j);
                    b.from(fan).to(p);
                    return ClosedShape.getInstance();
                })).run(system);
        CompletableFuture<PartsWritten> j = done.first().toCompletableFuture();
        CompletableFuture<PartsWritten> p = done.second().toCompletableFuture();
        Duration limit = Duration.ofSeconds(60);
        try {
            CompletableFuture.allOf(j, p).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException ignored) {
            // a sink failed: the caller inspects which and why
        }
        // allOf fails as soon as one fails; wait for the other too
        try {
            j.exceptionally(e -> null).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            p.exceptionally(e -> null).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException impossible) {
            throw new AssertionError(impossible);
        }
        return new Outcome(j, p);
    }
}
