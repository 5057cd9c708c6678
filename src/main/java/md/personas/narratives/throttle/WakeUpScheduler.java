package md.personas.narratives.throttle;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs a task after a delay: the {@link Throttle}'s wake-ups when a pause or a rate wait ends. */
@FunctionalInterface
public interface WakeUpScheduler {

    void schedule(long delayNanos, Runnable task);

    /** Pekko's scheduler, running the task on the system's default dispatcher. */
    static WakeUpScheduler of(ActorSystem<?> system) {
        return (delayNanos, task) -> system.scheduler().scheduleOnce(Duration.ofNanos(Math.max(0, delayNanos)), task,
                system.executionContext());
    }
}
