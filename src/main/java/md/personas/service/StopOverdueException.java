package md.personas.service;

/**
 * What a run's in-flight kill switch is aborted with when a stop after SIGTERM or SIGINT is overdue: the personas
 * still in flight are given up (their unfinished part is dropped; {@code --resume} redoes them). Not a
 * {@code CancellationException} on purpose: {@code CompletableFuture.join()} would throw that one unwrapped, past a
 * {@code catch (CompletionException e)}.
 */
public final class StopOverdueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StopOverdueException(String signal, long seconds) {
        super("SIG" + signal + ": the personas in flight did not finish within " + seconds + " s and were given up");
    }
}
