package md.personas.service;

import java.nio.file.Path;
import java.util.Optional;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.run.RunProgress;
import md.personas.pipeline.PersonaPipeline;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;

/**
 * A watched run for {@code ops/check-dashboard}: the real graph at a steady rate with the status server and the
 * progress display, as {@code generate} wires them. Prints {@code listening on PORT} once bound, serves until
 * killed (also after the run completes, so the final state can be looked at).
 *
 * <p>Arguments: output directory, count, personas per second, port (0 = any).
 */
public final class DashboardDemo {

    private DashboardDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        int perSecond = Integer.parseInt(args[2]);
        int port = Integer.parseInt(args[3]);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dashboard-demo");
        SharedKillSwitch killSwitch = KillSwitches.shared("generate");
        RunProgress progress = new RunProgress(count);
        SignalHandling signals = SignalHandling.install(killSwitch::shutdown);
        try (StatusServer server = StatusServer.start(system, HttpSettings.loopback(port), Optional.empty(), progress,
                ThrottleControl.unavailable("this demo has no throttle"), reason -> killSwitch.abort(
                        new OperatorAbortException(reason)));
             ProgressDisplay display = ProgressDisplay.start(progress)) {
            System.out.println("listening on " + server.address().getPort());
            System.out.flush();
            PersonaPipeline.Completion c = DemoPipeline.run(system, out, count, perSecond, progress, killSwitch);
            c.jsonl().toCompletableFuture().join();
            c.parquet().toCompletableFuture().join();
            progress.phase(signals.received() ? RunProgress.Phase.INTERRUPTED : RunProgress.Phase.COMPLETE);
            if (!signals.received()) {
                Thread.sleep(Long.MAX_VALUE);
            }
        } finally {
            system.terminate();
            signals.close();
        }
        System.exit(signals.exitCode().map(e -> e.code()).orElse(0));
    }
}
