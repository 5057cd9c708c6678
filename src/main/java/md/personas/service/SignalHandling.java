package md.personas.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import md.personas.operations.ExitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT for a run: the first one calls {@code onStop} (the command stops intake with the kill switch's
 * {@code shutdown()}, lets the personas in flight be written and the part sinks finish a last shorter part, writes
 * the manifest) and records which signal it was, so the command can exit 143 or 130. A second signal, or a stop that
 * takes longer than the grace period, halts the process at once with the same code: finished parts are renamed
 * atomically, so {@code --resume} continues from the last one either way.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way on Java 17 to tell the two signals apart;
 * a shutdown hook cannot. The JVM's own handlers are restored by {@link #close()}.
 */
public final class SignalHandling implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalHandling.class);
    /** Time from the first signal to a forced exit: inside the 30 s an operator (or systemd) is promised. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(25);
    private static final Map<String, ExitCode> SIGNALS = new LinkedHashMap<>();

    static {
        SIGNALS.put("TERM", ExitCode.INTERRUPTED_TERM);
        SIGNALS.put("INT", ExitCode.INTERRUPTED_INT);
    }

    private final Runnable onStop;
    private final Duration grace;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalHandling(Runnable onStop, Duration grace) {
        this.onStop = onStop;
        this.grace = grace;
    }

    /** Installs the handlers with the default grace period of 25 s. */
    public static SignalHandling install(Runnable onStop) {
        return install(onStop, DEFAULT_GRACE);
    }

    public static SignalHandling install(Runnable onStop, Duration grace) {
        SignalHandling handling = new SignalHandling(onStop, grace);
        for (String name : SIGNALS.keySet()) {
            Signal signal = new Signal(name);
            try {
                SignalHandler old = Signal.handle(signal, handling::handle);
                handling.previous.put(signal, old);
                if (old == SignalHandler.SIG_IGN) {
                    LOG.debug("SIG{} was ignored when this process started and stays ignored", name);
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
                Thread.sleep(grace.toMillis());
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
     * Restores the previous handlers. A watchdog armed by a signal stays armed: the process still ends within the
     * grace period if the command hangs after this.
     */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
