package md.personas.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import md.personas.monitoring.MonitorVerdict;
import md.personas.monitoring.TableFit;
import md.personas.narratives.NarrativeStats;

/**
 * The live state of a run, shared between the pipeline (which updates it) and whoever watches it (the status
 * server, the progress line, the manifest). Thread-safe; every read is a consistent-enough snapshot for display.
 */
public final class RunProgress {

    /** What the run is doing. */
    public enum Phase { STARTING, STREAMING, RELEASING, COMPLETE, INCOMPLETE, ABORTED, INTERRUPTED }

    /** An immutable view for display. */
    public record Snapshot(Phase phase, long total, long alreadyDone, long written, long failed, Instant started,
                           double ratePerSecond, double etaSeconds, MonitorVerdict lastVerdict,
                           List<TableFit> latestFits, Optional<NarrativeStats> narrativeStats) { }

    private final long total;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final AtomicLong alreadyDone = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<MonitorVerdict> lastVerdict = new AtomicReference<>();
    private final AtomicReference<List<TableFit>> latestFits = new AtomicReference<>(List.of());
    private volatile Supplier<Optional<NarrativeStats>> narrativeStats = Optional::empty;

    public RunProgress(long total) {
        this.total = total;
    }

    public void phase(Phase p) {
        phase.set(p);
    }

    public void alreadyDone(long n) {
        alreadyDone.set(n);
    }

    public void written(long n) {
        written.addAndGet(n);
    }

    public void failed(long n) {
        failed.addAndGet(n);
    }

    public void checkpoint(MonitorVerdict verdict, List<TableFit> fits) {
        lastVerdict.set(verdict);
        latestFits.set(List.copyOf(fits));
    }

    /** A source of the narrative stage's counters (the LLM client's tokens, cost, retries, concurrency). */
    public void narrativeStats(Supplier<Optional<NarrativeStats>> stats) {
        this.narrativeStats = stats;
    }

    public Snapshot snapshot() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long w = written.get();
        double rate = seconds > 0 ? w / seconds : 0;
        long left = total - alreadyDone.get() - w - failed.get();
        double eta = rate > 0 ? left / rate : Double.NaN;
        return new Snapshot(phase.get(), total, alreadyDone.get(), w, failed.get(), started, rate, eta,
                lastVerdict.get(), latestFits.get(), narrativeStats.get());
    }
}
