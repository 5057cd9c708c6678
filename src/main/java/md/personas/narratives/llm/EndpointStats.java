package md.personas.narratives.llm;

import md.personas.narratives.throttle.ThrottleSnapshot;

/**
 * One endpoint's counters at one instant, for {@code /status}, {@code /metrics} and {@code run.json}. Holds no
 * secret: the label is the entry's index and host.
 *
 * @param endpoint {@link EndpointSettings#label()}, e.g. {@code 1:gpu2.local:8000}
 * @param model the model it is asked for
 * @param calls HTTP calls sent to it
 * @param answered calls it answered with a chat completion
 * @param failures calls that failed (429, 5xx, timeouts, dropped connections, refusals)
 * @param promptTokens prompt tokens of its answers
 * @param completionTokens completion tokens of its answers
 * @param costUsd what its answers cost at the configured prices
 * @param meanLatencyMillis mean time to a complete answer
 * @param state {@code up}; {@code out} when it gave no usable answer for {@code outage.give-up-after} (its work goes
 *              to the others while it is probed now and then); {@code refused} when it refused the key, the model
 *              or the account (no more calls go to it)
 * @param throttle its concurrency, queue, circuit and rate limits
 */
public record EndpointStats(
        String endpoint,
        String model,
        long calls,
        long answered,
        long failures,
        long promptTokens,
        long completionTokens,
        double costUsd,
        double meanLatencyMillis,
        String state,
        ThrottleSnapshot throttle) {
}
