package md.personas.narratives.llm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import md.personas.narratives.throttle.Throttle;
import md.personas.narratives.throttle.WakeUpScheduler;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One OpenAI-compatible server of a run, with everything that is its own: its key, its HTTP client and connection
 * pool, its {@link Throttle} (concurrency, rates, adaptive limit, shared pause), its {@link OutageWatch} and its
 * counters. The writer's contract, repairs and budget are shared by all endpoints; {@link EndpointRouter} decides
 * which endpoint a call goes to.
 */
final class LlmEndpoint {

    /** Whether the endpoint takes work. */
    enum State {
        /** Answers, or is failing for less than {@code outage.give-up-after}. */
        UP,
        /** Gave no usable answer for {@code outage.give-up-after}: only its circuit's probes still go to it. */
        OUT,
        /** Refused the key, the model or the account: no call goes to it any more. */
        REFUSED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final EndpointSettings endpoint;
    private final LlmSettings settings;
    private final ApiKey key;
    private final ChatCompletionsClient client;
    private final Throttle throttle;
    private final OutageWatch outage;
    private volatile State state = State.UP;
    /** Whether its circuit has paused its calls (logged once per outage). */
    final AtomicBoolean down = new AtomicBoolean();

    final LongAdder calls = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();
    final LongAdder answerNanos = new LongAdder();
    final DoubleAdder costUsd = new DoubleAdder();

    LlmEndpoint(ActorSystem<?> system, EndpointSettings endpoint, LlmSettings run, ApiKey key) {
        this.endpoint = endpoint;
        this.settings = endpoint.applyTo(run);
        this.key = key;
        this.client = new ChatCompletionsClient(system, settings, key);
        this.throttle = new Throttle(settings.throttle(), WakeUpScheduler.of(system));
        this.outage = new OutageWatch(settings.baseUrl(), settings.giveUpAfter());
    }

    String label() {
        return endpoint.label();
    }

    int index() {
        return endpoint.index();
    }

    /** The run's settings with this endpoint's URL, model, key variable and limits. */
    LlmSettings settings() {
        return settings;
    }

    ApiKey key() {
        return key;
    }

    ChatCompletionsClient client() {
        return client;
    }

    Throttle throttle() {
        return throttle;
    }

    OutageWatch outage() {
        return outage;
    }

    State state() {
        return state;
    }

    /** Takes it out of the run for good; true the first time. */
    synchronized boolean refuse() {
        if (state == State.REFUSED) {
            return false;
        }
        state = State.REFUSED;
        return true;
    }

    /** Sets the state; returns the one it had. */
    synchronized State state(State next) {
        State before = state;
        if (before != State.REFUSED) { // refused is final for the run
            state = next;
        }
        return before;
    }

    EndpointStats stats() {
        long n = answered.sum();
        return new EndpointStats(label(), settings.model(), calls.sum(), n, failures.sum(), promptTokens.sum(),
                completionTokens.sum(), costUsd.sum(), n == 0 ? 0 : answerNanos.sum() / 1e6 / n, state.id(),
                throttle.snapshot());
    }

    @Override
    public String toString() {
        return "LlmEndpoint[" + label() + ", " + settings.model() + ", " + key + "]";
    }
}
