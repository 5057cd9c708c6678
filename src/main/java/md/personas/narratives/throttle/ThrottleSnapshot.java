package md.personas.narratives.throttle;

/**
 * The throttle's state at one instant, for the run manifest and the status endpoint.
 *
 * @param inFlight calls released and not yet finished
 * @param queued calls waiting for a slot, a rate allowance or the end of a pause
 * @param concurrencyLimit the adaptive limit now
 * @param maxConcurrency the configured ceiling ({@code workers})
 * @param concurrencyCuts how often the limit was cut (overload or queueing)
 * @param circuit CLOSED, OPEN (everybody paused) or HALF_OPEN (one probe out)
 * @param outages how often the circuit opened
 * @param released calls released since start
 * @param requestsPerMinute the request-rate limit now (0 = none)
 * @param tokensPerMinute the token-rate limit now (0 = none)
 */
public record ThrottleSnapshot(
        int inFlight,
        int queued,
        int concurrencyLimit,
        int maxConcurrency,
        long concurrencyCuts,
        String circuit,
        long outages,
        long released,
        double requestsPerMinute,
        double tokensPerMinute) {
}
