package md.personas.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The monitor's judgement at one checkpoint, as the run manifest records it.
 *
 * @param checkpoint how many records had been seen when the monitor evaluated
 * @param passed whether every monitored table was within its limits
 * @param table the table that failed (null when passed)
 * @param reason why it failed, in words (null when passed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorVerdict(long checkpoint, boolean passed, String table, String reason) {

    public MonitorVerdict {
        if (checkpoint < 0) {
            throw new IllegalArgumentException("checkpoint must not be negative");
        }
        if (!passed) {
            Objects.requireNonNull(reason, "a failed verdict needs a reason");
        }
    }

    public static MonitorVerdict pass(long checkpoint) {
        return new MonitorVerdict(checkpoint, true, null, null);
    }

    public static MonitorVerdict fail(long checkpoint, String table, String reason) {
        return new MonitorVerdict(checkpoint, false, table, reason);
    }
}
