package md.personas.service;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import md.personas.run.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live progress display: done/total, rate, ETA, tokens and cost. On a terminal it is one line on standard
 * output, rewritten in place every second; otherwise (a log file, journald, a pipe) it is a plain log line every
 * 10 seconds, so logs stay readable.
 */
public final class ProgressDisplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressDisplay.class);
    public static final Duration TERMINAL_EVERY = Duration.ofSeconds(1);
    public static final Duration LOG_EVERY = Duration.ofSeconds(10);

    /** Where the line goes. */
    public enum Mode { TERMINAL, LOG }

    private final Supplier<RunProgress.Snapshot> snapshots;
    private final Mode mode;
    private final PrintStream terminal;
    private final ScheduledExecutorService timer;
    private int lastLength;
    private boolean closed;

    private ProgressDisplay(Supplier<RunProgress.Snapshot> snapshots, Mode mode, PrintStream terminal) {
        this.snapshots = snapshots;
        this.mode = mode;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-display");
            t.setDaemon(true);
            return t;
        });
    }

    /** Chooses the mode from {@code System.console()} and starts. */
    public static ProgressDisplay start(RunProgress progress) {
        boolean terminal = System.console() != null;
        return terminal ? start(progress::snapshot, Mode.TERMINAL, System.out, TERMINAL_EVERY)
                : start(progress::snapshot, Mode.LOG, System.out, LOG_EVERY);
    }

    public static ProgressDisplay start(Supplier<RunProgress.Snapshot> snapshots, Mode mode, PrintStream terminal,
                                        Duration every) {
        ProgressDisplay display = new ProgressDisplay(snapshots, mode, terminal);
        display.timer.scheduleAtFixedRate(display::show, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return display;
    }

    private synchronized void show() {
        if (closed) {
            return;
        }
        try {
            RunProgress.Snapshot s = snapshots.get();
            String line = line(s, NarrativeCounters.of(s.narrativeStats()));
            if (mode == Mode.TERMINAL) {
                // Pad over the end of a longer previous line instead of relying on terminal escape codes.
                terminal.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
                terminal.flush();
                lastLength = line.length();
            } else {
                LOG.info("progress: {}", line);
            }
        } catch (RuntimeException e) {
            LOG.debug("progress display", e);
        }
    }

    /** One line, e.g. {@code 12,345/100,000 12.3% | 41.2/s | ETA 35 min | tokens 1.20M in 3.40M out | $1.23}. */
    public static String line(RunProgress.Snapshot s, NarrativeCounters llm) {
        long done = s.alreadyDone() + s.written();
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%,d/%,d %.1f%%", done, s.total(),
                s.total() > 0 ? 100.0 * done / s.total() : 0));
        parts.add(String.format(Locale.ROOT, "%.1f/s", s.ratePerSecond()));
        parts.add("ETA " + duration(s.etaSeconds()));
        if (llm.tokensIn().isPresent() || llm.tokensOut().isPresent()) {
            parts.add("tokens " + compact(llm.tokensIn().orElse(0)) + " in " + compact(llm.tokensOut().orElse(0))
                    + " out");
        }
        llm.costUsd().ifPresent(c -> parts.add(String.format(Locale.ROOT, "$%.2f", c)));
        long dead = llm.deadLetters().orElse(s.failed());
        if (dead > 0) {
            parts.add(dead + " failed");
        }
        return String.join(" | ", parts);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "-";
        }
        long s = Math.max(0, Math.round(seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return s + " s";
    }

    static String compact(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    /** Shows the final state once more and stops; on a terminal, ends the line. */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (mode == Mode.TERMINAL) {
                show();
                terminal.println();
                terminal.flush();
            }
            closed = true;
        }
    }
}
