package md.personas.run;

/**
 * The one user-facing failure: a one-line message that names the problem and the fix, and the exit code it
 * maps to. Never carries a secret.
 */
public final class RunFailure extends RuntimeException {

    private final ExitCode exitCode;

    public RunFailure(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public RunFailure(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static RunFailure usage(String message) {
        return new RunFailure(ExitCode.USAGE, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
