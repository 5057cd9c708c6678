package md.personas.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import md.personas.run.ExitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT and SIGHUP for a run: the first one calls {@code onStop} (the command stops intake with the kill switch's
 * {@code shutdown()}, lets the personas in flight be written and the part sinks finish a last shorter part, writes
 * the manifest) and records which signal it was, so the command can exit 143, 130 or 129. If the run has not drained
 * {@code overdueAfter} later (LLM calls in flight can take a minute), {@code onOverdue} gets a
 * {@link StopOverdueException} (the command aborts a kill switch placed right after the narrative stage with it: the
 * unfinished part is dropped, the finished ones stay, and it still writes its manifest). The stop's kill switch cannot
 * serve here: once shut down, aborting it changes nothing. A second
 * signal, or a run still alive at the end of the grace period, halts the process at once with the same code: finished
 * parts are renamed atomically, so {@code --resume} continues from the last one in every case.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way on Java 17 to tell the two signals apart;
 * a shutdown hook cannot. The JVM's own handlers are restored by {@link #close()}.
 */
public final class SignalHandling implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalHandling.class);
    /** Time from the first signal to a forced exit: inside the 30 s an operator (or systemd) is promised. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(25);
    /** Time from the first signal to {@code onOverdue}: leaves a few seconds to write the manifest and exit. */
    public static final Duration DEFAULT_OVERDUE = Duration.ofSeconds(18);
    private static final Map<String, ExitCode> SIGNALS = new LinkedHashMap<>();

    static {
        SIGNALS.put("TERM", ExitCode.INTERRUPTED_TERM);
        SIGNALS.put("INT", ExitCode.INTERRUPTED_INT);
        // A closed terminal or ssh session: the same clean checkpoint as SIGTERM, with the shell's code 128 + 1.
        SIGNALS.put("HUP", ExitCode.INTERRUPTED_HUP);
    }

    private final Runnable onStop;
    private final Consumer<StopOverdueException> onOverdue;
    private final Duration overdueAfter;
    private final Duration grace;
    private volatile boolean drained;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalHandling(Runnable onStop, Consumer<StopOverdueException> onOverdue, Duration overdueAfter,
                           Duration grace) {
        if (overdueAfter.compareTo(grace) > 0) {
            throw new IllegalArgumentException("overdueAfter must not exceed the grace period");
        }
        this.onStop = onStop;
        this.onOverdue = onOverdue;
        this.overdueAfter = overdueAfter;
        this.grace = grace;
    }

    /** Installs the handlers: {@code onStop} at the signal, a forced exit 25 s later. */
    public static SignalHandling install(Runnable onStop) {
        return install(onStop, overdue -> { }, DEFAULT_OVERDUE, DEFAULT_GRACE);
    }

    /** Installs the handlers: {@code onStop} at the signal, {@code onOverdue} 18 s later, a forced exit at 25 s. */
    public static SignalHandling install(Runnable onStop, Consumer<StopOverdueException> onOverdue) {
        return install(onStop, onOverdue, DEFAULT_OVERDUE, DEFAULT_GRACE);
    }

    public static SignalHandling install(Runnable onStop, Consumer<StopOverdueException> onOverdue,
                                         Duration overdueAfter, Duration grace) {
        SignalHandling handling = new SignalHandling(onStop, onOverdue, overdueAfter, grace);
        for (String name : SIGNALS.keySet()) {
            Signal signal = new Signal(name);
            try {
                SignalHandler old = Signal.handle(signal, handling::handle);
                handling.previous.put(signal, old);
                if (old == SignalHandler.SIG_IGN) {
                    // A background job of a shell script starts with SIGINT ignored; the JVM keeps it so.
                    LOG.info("SIG{} is ignored in this process (started in the background); stop it with SIGTERM",
                            name);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} here (-Xrs or the platform): {}", name, e.getMessage());
            }
        }
        return handling;
    }

    private void handle(Signal signal) {
        ExitCode code = SIGNALS.get(signal.getName());
        if (!received.compareAndSet(null, signal.getName())) {
            LOG.warn("SIG{} again: exiting now with {}; --resume continues from the last finished checkpoint",
                    signal.getName(), exitCode().orElse(code).code());
            Runtime.getRuntime().halt(exitCode().orElse(code).code());
            return;
        }
        LOG.warn("SIG{} received: no new personas are started; finishing those in flight and the last checkpoint "
                + "(a second signal exits at once)", signal.getName());
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(overdueAfter.toMillis());
                if (!drained) {
                    LOG.warn("still stopping {} s after SIG{}: abandoning the personas in flight (finished parts "
                            + "stay; --resume redoes the rest)", overdueAfter.toSeconds(), signal.getName());
                    try {
                        onOverdue.accept(new StopOverdueException(signal.getName(), overdueAfter.toSeconds()));
                    } catch (RuntimeException e) {
                        LOG.error("abandoning the personas in flight failed: {}", e.toString());
                    }
                }
                Thread.sleep(grace.minus(overdueAfter).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LOG.error("the run did not stop within {} s of SIG{}; exiting now with {}, --resume continues from the "
                    + "last finished checkpoint", grace.toSeconds(), signal.getName(), code.code());
            Runtime.getRuntime().halt(code.code());
        }, "signal-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // Signal handlers run on a JVM thread that must not block: the stop runs on its own.
        Thread stop = new Thread(() -> {
            try {
                onStop.run();
            } catch (RuntimeException e) {
                LOG.error("stopping after SIG{} failed: {}", signal.getName(), e.toString());
            }
        }, "signal-stop");
        stop.setDaemon(true);
        stop.start();
    }

    /** Whether SIGTERM or SIGINT has arrived. */
    public boolean received() {
        return received.get() != null;
    }

    /** {@code INTERRUPTED_TERM} (143) after SIGTERM, {@code INTERRUPTED_INT} (130) after SIGINT; empty before. */
    public Optional<ExitCode> exitCode() {
        return Optional.ofNullable(received.get()).map(SIGNALS::get);
    }

    /**
     * Call when the stream has completed (drained or failed): {@code onOverdue} will not run any more. The forced exit
     * stays armed, so the process still ends within the grace period if the command hangs after this.
     */
    public void drained() {
        drained = true;
    }

    /** Restores the previous handlers (and counts as {@link #drained()}). A forced exit stays armed. */
    @Override
    public void close() {
        drained = true;
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
