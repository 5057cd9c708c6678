package md.personas.service;

/**
 * The failure a run's kill switch is aborted with when the operator calls {@code POST /control/abort}, so that the
 * command can tell it from a monitor abort or a stream failure.
 */
public final class OperatorAbortException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OperatorAbortException(String reason) {
        super("aborted by the operator: " + reason);
    }
}
