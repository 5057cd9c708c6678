package md.personas.narratives.llm;

import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.narratives.throttle.ThrottleSettings;

/**
 * How the operator tunes the LLM writer while it runs: workers up to the stage's parallelism, requests and tokens
 * per minute. {@code POST /control/throttle} and the hot reload can arrive at once, so changes are applied one at a
 * time.
 */
final class LlmThrottleControl implements ThrottleControl {

    private final LlmNarrativeWriter writer;
    private final int ceiling;

    LlmThrottleControl(LlmNarrativeWriter writer, int ceiling) {
        this.writer = writer;
        this.ceiling = ceiling;
    }

    @Override
    public synchronized void apply(ThrottleChange change) {
        if (change.workers().isPresent() && change.workers().getAsInt() > ceiling) {
            throw new IllegalArgumentException("workers can be at most " + ceiling + " in this run (the "
                    + "stage was started with personas.narratives.workers = " + ceiling + ")");
        }
        ThrottleSettings limits = writer.limits();
        if (change.workers().isPresent()) {
            limits = limits.withMaxConcurrency(change.workers().getAsInt());
        }
        if (change.requestsPerMinute().isPresent()) {
            limits = limits.withRequestsPerMinute(change.requestsPerMinute().getAsDouble());
        }
        if (change.tokensPerMinute().isPresent()) {
            limits = limits.withTokensPerMinute(change.tokensPerMinute().getAsDouble());
        }
        writer.updateLimits(limits);
    }
}
