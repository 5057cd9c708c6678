package md.personas.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import md.personas.run.ExitCode;
import md.personas.run.RunProgress;
import md.personas.pipeline.PersonaPipeline;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;

/**
 * A child process for {@link SignalHandlingTest}: runs the real graph as {@code generate} will, with
 * {@link SignalHandling} wired the way the command wires it: on SIGTERM or SIGINT the kill switch is shut down, the
 * sinks finish their last part, a manifest is written, and the process exits 143 or 130.
 *
 * <p>Arguments: output directory, count, personas per second, and optionally the index from which the narrative
 * stage hangs (then the stop is overdue after 3 s and the process is halted after 10 s).
 */
public final class InterruptibleRun {

    private InterruptibleRun() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        int perSecond = Integer.parseInt(args[2]);
        long stuckFrom = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        SharedKillSwitch killSwitch = KillSwitches.shared("generate");
        SharedKillSwitch inFlight = KillSwitches.shared("in-flight");
        SignalHandling signals = stuckFrom == Long.MAX_VALUE
                ? SignalHandling.install(killSwitch::shutdown, inFlight::abort)
                : SignalHandling.install(killSwitch::shutdown, inFlight::abort, Duration.ofSeconds(3),
                        Duration.ofSeconds(10));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "interruptible-run");
        ExitCode exit;
        RunProgress progress = new RunProgress(count);
        try {
            PersonaPipeline.Completion c = DemoPipeline.run(system, out, count, perSecond, stuckFrom, progress,
                    killSwitch, inFlight);
            long written;
            try {
                written = c.jsonl().toCompletableFuture().join().records();
                c.parquet().toCompletableFuture().join();
                c.monitor().toCompletableFuture().join();
                c.deadLetters().toCompletableFuture().join();
            } catch (CompletionException e) {
                if (!signals.received()) {
                    throw e;
                }
                written = -1; // abandoned: only the finished parts count
            }
            signals.drained();
            exit = signals.exitCode().orElse(ExitCode.SUCCESS);
            String status = signals.received() ? "interrupted" : "complete";
            Path tmp = out.resolve("run.json.tmp");
            Files.writeString(tmp, "{\"status\": \"" + status + "\", \"written\": " + written + "}\n");
            Files.move(tmp, out.resolve("run.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            signals.close();
        }
        System.exit(exit.code());
    }
}
