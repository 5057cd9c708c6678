package md.personas.service;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.run.ExitCode;
import md.personas.run.RunProgress;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.SharedKillSwitch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs alongside the stream, as one {@link AutoCloseable}: SIGTERM/SIGINT/SIGHUP handling (stop intake, then
 * abort what is in flight if the stop is overdue), the status server with its throttle and abort controls, the hot
 * reload of the throttle keys and the progress display. Closing it stops them all and restores the JVM's signal
 * handlers.
 */
public final class LiveService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveService.class);

    private final SignalHandling signals;
    private final List<AutoCloseable> started = new ArrayList<>();

    private LiveService(SignalHandling signals) {
        this.signals = signals;
    }

    /**
     * Starts the service of one stream.
     *
     * @param intake the kill switch that stops taking personas (a signal shuts it down)
     * @param inFlight the kill switch after the narrative stage (an overdue stop or an operator's abort aborts it)
     * @param watched the configuration files whose throttle keys are reloaded when they change
     * @param reload reads the configuration again
     */
    public static LiveService start(ActorSystem<?> system, HttpSettings http, Optional<ControlToken> token,
                                    RunProgress progress, ThrottleControl throttle, SharedKillSwitch intake,
                                    SharedKillSwitch inFlight, List<Path> watched, Supplier<Config> reload) {
        LiveService live = new LiveService(SignalHandling.install(intake::shutdown, inFlight::abort));
        try {
            AbortControl abort = reason -> {
                OperatorAbortException e = new OperatorAbortException(reason);
                intake.abort(e);
                inFlight.abort(e);
            };
            if (http.enabled()) {
                live.started.add(StatusServer.start(system, http, token, progress, throttle, abort));
            }
            live.started.add(ThrottleReload.start(watched, reload, throttle));
            live.started.add(ProgressDisplay.start(progress));
            return live;
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
    }

    /** Tells the signal handling the stream has drained: no forced exit any more. */
    public void drained() {
        signals.drained();
    }

    /** The exit code of the signal that stopped the stream, if one did. */
    public Optional<ExitCode> stoppedBySignal() {
        return signals.received() ? signals.exitCode() : Optional.empty();
    }

    @Override
    public void close() {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {} failed", c, e);
            }
        }
        signals.close();
    }
}
