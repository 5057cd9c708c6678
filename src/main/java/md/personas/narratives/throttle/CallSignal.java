package md.personas.narratives.throttle;

import java.time.Duration;

/** What one HTTP call told the throttle about the provider, reported when its {@link Permit} is released. */
public sealed interface CallSignal {

    /**
     * The provider answered 200.
     *
     * @param latencyNanos time from sending to the complete response
     * @param actualTokens prompt + completion tokens from {@code usage}; negative when the provider gave none
     * @param comparable whether the call is a first request, whose latency is comparable with other first requests
     */
    record Succeeded(long latencyNanos, long actualTokens, boolean comparable) implements CallSignal { }

    /** 429, 503 or 529: the provider is overloaded or rate-limits us; {@code retryAfter} may be null. */
    record Overloaded(Duration retryAfter) implements CallSignal { }

    /** Another 5xx, a timeout or a dropped or refused connection. */
    record TransportFailed() implements CallSignal { }

    /** A 4xx other than 429: the provider is up but refused this request. */
    record Refused() implements CallSignal { }

    /** The permit was not used (shut down before the call). */
    record Abandoned() implements CallSignal { }
}
