package md.personas.monitoring;

/** The monitor stopped the stream; the verdict says which table, which cells, the statistic and the checkpoint. */
public final class MonitorAbortException extends RuntimeException {

    private final transient MonitorVerdict verdict;

    public MonitorAbortException(MonitorVerdict verdict) {
        super(verdict.reason());
        this.verdict = verdict;
    }

    public MonitorVerdict verdict() {
        return verdict;
    }
}
