package md.personas.monitoring;

/**
 * The monitor's judgement at one checkpoint.
 *
 * @param checkpoint records seen when it was evaluated
 * @param passed whether every rule held
 * @param table the table that failed, empty when passed
 * @param reason one line: which table, which cells, the statistic and the checkpoint; empty when passed
 */
public record MonitorVerdict(long checkpoint, boolean passed, String table, String reason) {

    public static MonitorVerdict pass(long checkpoint) {
        return new MonitorVerdict(checkpoint, true, "", "");
    }
}
