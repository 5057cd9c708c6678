package md.personas.service;

/**
 * What {@code POST /control/abort} calls: the run stops at once, like a monitor abort (the kill switch fails the
 * stream; finished parts stay and {@code --resume} continues from them). Called from a server thread.
 */
@FunctionalInterface
public interface AbortControl {

    /** @param reason the operator's one-line reason (sanitised, at most 200 characters), never empty */
    void abort(String reason);
}
