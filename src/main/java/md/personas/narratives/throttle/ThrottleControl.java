package md.personas.narratives.throttle;

/**
 * Where throttle changes go: the narrative stage's limiter. Both {@code POST /control/throttle} and the hot reload
 * of the configuration file call it, from their own threads, so an implementation must be thread-safe.
 */
@FunctionalInterface
public interface ThrottleControl {

    /**
     * Applies the present values of {@code change}; absent ones stay.
     *
     * @throws IllegalArgumentException if a value is not acceptable (answered 400)
     * @throws IllegalStateException if this run has no throttle to change (answered 409), e.g. offline narratives
     */
    void apply(ThrottleChange change);

    /** For a run whose narrative stage cannot be throttled while it runs. */
    static ThrottleControl unavailable(String why) {
        return change -> {
            throw new IllegalStateException(why);
        };
    }
}
