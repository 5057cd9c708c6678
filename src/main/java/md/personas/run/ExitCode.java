package md.personas.run;

/** Process exit codes (README, "Commands": a contract). */
public enum ExitCode {
    SUCCESS(0),
    /** A validation failed or the run ended incomplete (narratives failed after retries, budget reached). */
    INCOMPLETE(1),
    /** Bad usage, configuration or input; nothing was written. */
    USAGE(2),
    /** Aborted by the monitor. */
    MONITOR_ABORT(3),
    /** Interrupted by SIGHUP (the terminal closed) after a clean checkpoint. */
    INTERRUPTED_HUP(129),
    /** Interrupted by SIGINT after a clean checkpoint. */
    INTERRUPTED_INT(130),
    /** Interrupted by SIGTERM after a clean checkpoint. */
    INTERRUPTED_TERM(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
