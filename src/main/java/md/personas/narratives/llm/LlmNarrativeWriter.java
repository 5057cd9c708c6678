package md.personas.narratives.llm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import md.personas.census.CensusModel;
import md.personas.narratives.ContractViolation;
import md.personas.narratives.NarrativeCheck;
import md.personas.narratives.NarrativeContract;
import md.personas.narratives.NarrativeStage;
import md.personas.narratives.NarrativeStats;
import md.personas.narratives.RecordCoherence;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.NarrativeWriter;
import md.personas.narratives.throttle.CallSignal;
import md.personas.narratives.throttle.Permit;
import md.personas.narratives.throttle.Throttle;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.narratives.throttle.ThrottleSettings;
import md.personas.narratives.throttle.WakeUpScheduler;
import md.personas.record.Narrative;
import md.personas.record.Persona;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a persona's narrative with an OpenAI-compatible LLM: one call returns every narrative field as one JSON
 * object; the answer is normalized and judged by the {@link NarrativeContract}; a failing answer gets a repair
 * request for the failing fields only, up to {@code max-attempts} answers. Every call, first, repair or retry,
 * passes an endpoint's {@link md.personas.narratives.throttle.Throttle} (concurrency, request rate, token rate,
 * shared pause) and reserves its worst cost against the one {@link BudgetGuard}.
 *
 * <p>With {@code endpoints}, several servers share the work: each has its own throttle, adaptive concurrency and
 * {@link OutageWatch} ({@link LlmEndpoint}); the {@link EndpointRouter} gives every call to an endpoint with room, and
 * a call that failed on one endpoint is retried on another. An endpoint that gives no usable answer for
 * {@code outage.give-up-after} is out (its circuit still probes it); the run gives up only when all are.
 *
 * <p>Every {@link #write} completes normally, with {@link NarrativeOutcome.Written} (status {@code llm}) or
 * {@link NarrativeOutcome.Failed} (a one-line reason, never the key). The writer does not write dead letters:
 * the pipeline writes each {@code Failed} to the dead-letter file, and {@code --resume} retries them.
 *
 * <p>Transport failures (429, 5xx, timeouts, dropped connections) repeat the same request after a jittered
 * exponential backoff (or after {@code Retry-After}, which pauses every worker). They do not use up the persona's
 * contract attempts; they count against {@code max-transport-retries} only while the provider is otherwise
 * healthy, so an outage pauses everybody instead of dead-lettering healthy personas.
 *
 * <p>The pipeline must stop intake when {@link #stopReason()} is present: the budget is exhausted
 * ({@link #BUDGET_REACHED}) or the provider refuses the credentials, the model or the account. Personas written
 * after that fail at once with the same reason.
 */
public final class LlmNarrativeWriter implements NarrativeWriter {

    /** The reason of personas refused because the budget is spent (and the run's closing message). */
    public static final String BUDGET_REACHED = "budget reached";

    private static final Logger LOG = LoggerFactory.getLogger(LlmNarrativeWriter.class);
    /** Rejections in a row, with no answer between them, that mean every request is wrong (e.g. an option). */
    private static final int REJECTIONS_BEFORE_STOP = 10;

    private final ActorSystem<?> system;
    private final LlmSettings settings;
    /** Every endpoint's key: an answer holding any of them is caught, a log line holding any is scrubbed. */
    private final KeyRing keys;
    private final NarrativeContract contract;
    /** The contract and the record-coherence check: a failing answer gets the targeted repair. */
    private final NarrativeCheck check;
    private final NarrativePrompts prompts;
    private final TokenEstimator estimator;
    /** The servers of the run, each with its own client, throttle and outage watch; one unless endpoints says. */
    private final List<LlmEndpoint> endpoints;
    private final EndpointRouter router;
    private final BudgetGuard budget;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private final AtomicInteger rejectionsInARow = new AtomicInteger();
    private final Cancellable outageTicks;
    /** Set when the writer gave up on the provider: personas still in flight are left for --resume. */
    private final AtomicBoolean gaveUp = new AtomicBoolean();
    /** Every persona being written, with its result, so that giving up can answer them all at once. */
    private final Map<CompletableFuture<NarrativeOutcome>, Persona> pending = new ConcurrentHashMap<>();
    /** Outcomes of personas given up in an outage, until the stage has dropped them. */
    private final Set<NarrativeOutcome> leftForResume = ConcurrentHashMap.newKeySet();

    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final LongAdder firstCalls = new LongAdder();
    private final LongAdder repairCalls = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder answerNanos = new LongAdder();
    private final Map<RetryCause, LongAdder> retries = new EnumMap<>(RetryCause.class);

    private LlmNarrativeWriter(ActorSystem<?> system, LlmSettings settings, List<ApiKey> keys,
                               NarrativeContract contract, NarrativePrompts prompts) {
        this.system = system;
        this.settings = settings;
        this.keys = new KeyRing(keys);
        this.contract = contract;
        this.check = new NarrativeCheck(contract, new RecordCoherence());
        this.prompts = prompts;
        this.estimator = new TokenEstimator(settings.charsPerToken(), prompts.expectedChars(),
                prompts.jsonCharsPerField(), settings.maxCompletionTokens());
        List<EndpointSettings> configured = settings.resolvedEndpoints();
        List<LlmEndpoint> built = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            built.add(new LlmEndpoint(system, configured.get(i), settings, keys.get(i)));
        }
        this.endpoints = List.copyOf(built);
        this.router = new EndpointRouter(endpoints, WakeUpScheduler.of(system), System::nanoTime);
        this.budget = new BudgetGuard(settings.pricing().budgetUsd());
        for (RetryCause c : RetryCause.values()) {
            retries.put(c, new LongAdder());
        }
        // Checked on a timer too: while everybody waits out a pause or a hang, no failure arrives to check it.
        Duration tick = Duration.ofMillis(Math.max(50, Math.min(1000, settings.giveUpAfter().toMillis() / 4)));
        this.outageTicks = system.scheduler().scheduleAtFixedRate(tick, tick, () -> endpoints.forEach(
                e -> onOutage(e, e.outage().tick(System.nanoTime()))), system.executionContext());
    }

    /**
     * A writer for {@code --narratives llm}.
     *
     * @param env the process environment ({@code System.getenv()}); the key is read from the variable that
     *            {@code api-key-env} names
     * @throws LlmConfigurationException (one line, exit 2) when the key is missing or the prompt cannot be loaded
     */
    public static LlmNarrativeWriter create(ActorSystem<?> system, LlmSettings settings, CensusModel model,
                                            Map<String, String> env) {
        List<ApiKey> keys = settings.requireApiKeys(env);
        NarrativeContract contract = NarrativeContract.load();
        NarrativePrompts prompts = NarrativePrompts.load(settings.promptVersion(), model, contract);
        LlmNarrativeWriter writer = new LlmNarrativeWriter(system, settings, keys, contract, prompts);
        LOG.info("LLM narratives: provider {}, model {}, host {}, prompt {}, workers {}, {}, {}, budget {}",
                settings.provider().id(), settings.model(), URI.create(settings.baseUrl()).getHost(),
                prompts.version(), settings.workers(), perMinute(settings.throttle().requestsPerMinute(), "requests"),
                perMinute(settings.throttle().tokensPerMinute(), "tokens"),
                settings.pricing().budgetUsd() > 0 ? String.format("%.2f USD", settings.pricing().budgetUsd())
                        : "none");
        if (!settings.endpoints().isEmpty()) {
            for (LlmEndpoint e : writer.endpoints) {
                LOG.info("LLM endpoint {}: model {}, workers {}, {}, {}", e.label(), e.settings().model(),
                        e.settings().workers(), perMinute(e.settings().throttle().requestsPerMinute(), "requests"),
                        perMinute(e.settings().throttle().tokensPerMinute(), "tokens"));
            }
        }
        return writer;
    }

    private static String perMinute(double limit, String what) {
        return limit > 0 ? String.format("%,.0f %s/min", limit, what) : "no " + what + "/min limit";
    }

    @Override
    public CompletionStage<NarrativeOutcome> write(Persona persona) {
        Job job = new Job(persona);
        CompletableFuture<NarrativeOutcome> result = new CompletableFuture<>();
        pending.put(result, persona);
        result.whenComplete((o, e) -> pending.remove(result));
        if (gaveUp.get()) {
            completeLeftForResume(result, persona);
            return result;
        }
        CompletionStage<NarrativeOutcome> outcome;
        try {
            outcome = job.start();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        // A bug must not lose a persona either: it becomes a dead letter with the reason.
        outcome.exceptionally(e -> job.fail("internal error: " + e.getClass().getSimpleName() + ": "
                        + oneLine(String.valueOf(e.getMessage())), List.of()))
                .thenAccept(o -> {
                    if (gaveUp.get() && o instanceof NarrativeOutcome.Failed) {
                        completeLeftForResume(result, persona);
                    } else {
                        result.complete(o);
                    }
                });
        return result;
    }

    /**
     * Whether {@code outcome} is a persona the writer gave up on in an outage: the stage drops it, so that it is
     * neither written nor dead-lettered, and {@code --resume} narrates it like any persona not yet written.
     */
    public boolean leftForResume(NarrativeOutcome outcome) {
        return outcome instanceof NarrativeOutcome.Failed && leftForResume.remove(outcome);
    }

    /**
     * The one line a run that stopped for {@link #stopReason()} ends with: the reason (what the provider answered,
     * the budget, the refused key) and what to do next.
     */
    public String closingLine() {
        String reason = stopReason().orElse("LLM narratives stopped");
        String done = "intake stopped after " + written.sum() + " personas written this run (cost "
                + String.format(java.util.Locale.ROOT, "%.2f", budget.spentUsd()) + " USD)";
        if (budget.exhausted() && fatal.get() == null) {
            return reason + ": " + done + "; raise personas.narratives.budget-usd, then run with --resume";
        }
        if (gaveUp.get()) {
            return reason + "; " + done + ", the personas in flight are left for --resume; fix the provider or "
                    + "base-url, then run with --resume";
        }
        return reason + "; " + done + "; then run with --resume";
    }

    /** Answers a persona as left for --resume, unless it was answered already. */
    private void completeLeftForResume(CompletableFuture<NarrativeOutcome> result, Persona persona) {
        NarrativeOutcome o = new NarrativeOutcome.Failed(persona, "left for --resume: " + stopReason().orElse(""), 0,
                List.of());
        leftForResume.add(o); // before the stage can see it
        if (!result.complete(o)) {
            leftForResume.remove(o);
        }
    }

    /**
     * Acts on what an endpoint's outage watch concludes: a warning, or giving up on it. With several endpoints, one
     * given up on is out (its work goes to the others while its circuit probes it now and then); the run gives up
     * only when every endpoint is out or has refused the run.
     */
    private void onOutage(LlmEndpoint endpoint, OutageWatch.Verdict verdict) {
        if (endpoints.size() == 1) {
            verdict.giveUp().ifPresent(this::giveUp);
        } else if (verdict.giveUp().isPresent()) {
            endpoint.state(LlmEndpoint.State.OUT);
            LOG.error("LLM endpoint {} is out: {}; its work goes to the other endpoints", endpoint.label(),
                    oneLine(verdict.giveUp().get()));
            giveUpIfNoEndpointLeft(verdict.giveUp().get());
        }
        if (!gaveUp.get()) {
            verdict.warning().ifPresent(w -> LOG.warn("{}", oneLine(w)));
        }
    }

    /** Gives up when no endpoint is up; {@code last} is what the last one to go said. */
    private void giveUpIfNoEndpointLeft(String last) {
        if (endpoints.stream().anyMatch(e -> e.state() == LlmEndpoint.State.UP)) {
            return;
        }
        if (endpoints.stream().allMatch(e -> e.state() == LlmEndpoint.State.REFUSED)) {
            return; // the refusals set the fatal reason themselves
        }
        giveUp("every LLM endpoint is out or refused the run; the last: " + last);
    }

    /** The endpoint that answered, as log lines name it when there are several; empty with one. */
    private String at(LlmEndpoint endpoint) {
        return endpoints.size() == 1 ? "" : " at endpoint " + endpoint.label();
    }

    private void giveUp(String reason) {
        String line = oneLine(reason);
        if (!fatal.compareAndSet(null, line)) {
            return; // already stopping for another reason
        }
        gaveUp.set(true);
        LOG.error("LLM narratives stop: {}", line);
        outageTicks.cancel();
        router.close(); // no call goes out any more; waiting ones are answered below
        pending.forEach(this::completeLeftForResume);
    }

    /** The model; with several endpoints of different models, their distinct names joined by {@code ", "}. */
    @Override
    public String model() {
        List<String> models = endpoints.stream().map(e -> e.settings().model()).distinct().toList();
        return models.size() == 1 ? models.get(0) : String.join(", ", models);
    }

    @Override
    public String promptVersion() {
        return prompts.version();
    }

    /**
     * Present when intake must stop: {@link #BUDGET_REACHED}, or why the provider refuses every request (bad key,
     * unknown model, exhausted quota). The pipeline polls it (e.g. {@code takeWhile}) before handing out personas.
     */
    public Optional<String> stopReason() {
        String f = fatal.get();
        if (f != null) {
            return Optional.of(f);
        }
        return budget.exhausted() ? Optional.of(BUDGET_REACHED) : Optional.empty();
    }

    /** Whether the budget cap stops intake. */
    public boolean budgetExhausted() {
        return budget.exhausted();
    }

    /**
     * Swaps workers, rates and the adaptive settings of the running writer (hot reload). With several endpoints the
     * values are the run's totals ({@link #limits()}), shared among the endpoints in proportion to their limits now.
     */
    public void updateLimits(ThrottleSettings limits) {
        List<ThrottleSettings> shares = EndpointLimits.share(limits, endpoints.stream()
                .map(e -> e.throttle().settings()).toList());
        for (int i = 0; i < endpoints.size(); i++) {
            LlmEndpoint e = endpoints.get(i);
            int before = e.throttle().settings().maxConcurrency();
            e.throttle().update(shares.get(i));
            if (shares.get(i).maxConcurrency() != before) {
                e.client().resize(shares.get(i).maxConcurrency());
            }
        }
        router.pump();
    }

    /** The limits now; with several endpoints, their totals (workers and rates summed). */
    public ThrottleSettings limits() {
        return EndpointLimits.total(endpoints.stream().map(e -> e.throttle().settings()).toList());
    }

    public LlmSettings settings() {
        return settings;
    }

    public LlmStats stats() {
        Map<String, Long> byCause = new LinkedHashMap<>();
        retries.forEach((cause, n) -> byCause.put(cause.id(), n.sum()));
        return new LlmStats(settings.provider().id(), settings.model(), prompts.version(), written.sum(),
                failed.sum(), calls.sum(), firstCalls.sum(), repairCalls.sum(), byCause, promptTokens.sum(),
                completionTokens.sum(), budget.spentUsd(), budget.capUsd() > 0 ? budget.capUsd() : 0,
                budget.reservedUsd(), budget.exhausted(), estimator.observedCharsPerToken(),
                answered.sum() == 0 ? 0 : answerNanos.sum() / 1e6 / answered.sum(),
                EndpointLimits.total(endpoints.stream().map(e -> e.throttle().snapshot()).toList(), router.queued()),
                endpointStats());
    }

    /** Each endpoint's counters, in the order of {@code endpoints} (one entry for the single endpoint). */
    public List<EndpointStats> endpointStats() {
        return endpoints.stream().map(LlmEndpoint::stats).toList();
    }

    /**
     * Intake stops as soon as the writer reports a reason to (the budget is reached, the provider refuses the key);
     * a persona given up in an outage is dropped, neither written nor dead-lettered, so --resume narrates it.
     */
    @Override
    public Flow<Persona, NarrativeOutcome, NotUsed> stage(int workers, Executor pool) {
        return Flow.<Persona>create()
                .takeWhile(p -> stopReason().isEmpty())
                .via(NarrativeStage.waiting(this, workers))
                .filter(o -> !leftForResume(o));
    }

    @Override
    public ThrottleControl throttle(int ceiling) {
        return new LlmThrottleControl(this, ceiling);
    }

    @Override
    public Optional<NarrativeStats> statistics() {
        return Optional.of(stats().summary());
    }

    /** Fails personas still waiting for the throttle; calls in flight finish. */
    @Override
    public void close() {
        outageTicks.cancel();
        router.close();
    }

    @Override
    public String toString() {
        return "LlmNarrativeWriter[" + settings.provider().id() + ", " + endpoints + "]";
    }

    private String oneLine(String s) {
        String line = keys.redact(s).replaceAll("\\s+", " ").trim();
        return line.length() <= 400 ? line : line.substring(0, 397) + "...";
    }

    /** The attempts of one persona: its draft, its contract answers and its transport retries. */
    private final class Job {

        private final Persona persona;
        private final NarrativeDraft draft = new NarrativeDraft();
        private int answers;
        private int callsMade;
        private int countedTransportRetries;
        private int transportFailures;
        /** The endpoint the last call failed on: the retry goes elsewhere while another endpoint is up. */
        private LlmEndpoint failedOn;
        /** The model of the endpoint whose answer the narrative holds (the last to answer). */
        private String answeredBy = settings.model();

        Job(Persona persona) {
            this.persona = persona;
        }

        CompletionStage<NarrativeOutcome> start() {
            return call(prompts.first(persona, estimator));
        }

        private CompletionStage<NarrativeOutcome> call(ChatRequest request) {
            Optional<String> stop = stopReason();
            if (stop.isPresent()) {
                return done(fail(stop.get(), List.of()));
            }
            long estimatedTokens = estimator.promptTokens(request.promptChars()) + request.expectedCompletionTokens();
            return router.acquire(estimatedTokens, failedOn)
                    .handle((routed, closed) -> closed != null
                            ? done(fail(stopReason().orElse("the LLM writer was closed"), List.of()))
                            : send(request, routed))
                    .thenCompose(stage -> stage);
        }

        /** Reserves the call's worst cost only once it may go, so that waiting calls hold no budget. */
        private CompletionStage<NarrativeOutcome> send(ChatRequest request, EndpointRouter.Routed permit) {
            Optional<String> stop = stopReason();
            double reserve = settings.pricing().costUsd(estimator.promptTokensCautious(request.promptChars()),
                    request.maxTokens());
            if (stop.isPresent() || !budget.tryReserve(reserve)) {
                permit.release(new CallSignal.Abandoned());
                return done(fail(stop.orElse(BUDGET_REACHED), List.of()));
            }
            LlmEndpoint endpoint = permit.endpoint();
            callsMade++;
            calls.increment();
            endpoint.calls.increment();
            endpoint.outage().calling(System.nanoTime());
            (request.first() ? firstCalls : repairCalls).increment();
            return endpoint.client().send(request).thenCompose(reply -> onReply(request, permit, reserve, reply));
        }

        private CompletionStage<NarrativeOutcome> onReply(ChatRequest request, EndpointRouter.Routed permit,
                                                          double reserve, ChatReply reply) {
            LlmEndpoint endpoint = permit.endpoint();
            if (!(reply instanceof ChatReply.Answered)) {
                endpoint.failures.increment();
                failedOn = endpoint;
            }
            if (reply instanceof ChatReply.Answered a) {
                rejectionsInARow.set(0);
                failedOn = null;
                endpoint.outage().answered(System.nanoTime());
                if (endpoint.state(LlmEndpoint.State.UP) == LlmEndpoint.State.OUT) {
                    LOG.info("LLM endpoint {} answers again; it takes work again", endpoint.label());
                }
                long prompt = a.promptTokens() >= 0 ? a.promptTokens() : estimator.promptTokens(request.promptChars());
                long completion = a.completionTokens() >= 0 ? a.completionTokens()
                        : estimator.promptTokens(a.content().length());
                permit.release(new CallSignal.Succeeded(a.latencyNanos(), a.hasUsage() ? prompt + completion : -1,
                        request.first()));
                if (endpoint.down.compareAndSet(true, false)) {
                    LOG.info("LLM provider answers again{}; workers resume", at(endpoint));
                }
                promptTokens.add(prompt);
                completionTokens.add(completion);
                answered.increment();
                answerNanos.add(a.latencyNanos());
                endpoint.promptTokens.add(prompt);
                endpoint.completionTokens.add(completion);
                endpoint.answered.increment();
                endpoint.answerNanos.add(a.latencyNanos());
                endpoint.costUsd.add(settings.pricing().costUsd(prompt, completion));
                answeredBy = endpoint.settings().model();
                if (a.hasUsage()) {
                    estimator.observe(request.promptChars(), a.promptTokens(), request.expectedCompletionTokens(),
                            a.completionTokens());
                }
                budget.settle(reserve, settings.pricing().costUsd(prompt, completion));
                return judge(request, a);
            }
            budget.settle(reserve, 0);
            if (reply instanceof ChatReply.Overloaded o) {
                boolean healthy = permit.release(new CallSignal.Overloaded(o.retryAfter()));
                retries.get(o.status() == 429 ? RetryCause.RATE_LIMITED : RetryCause.OVERLOADED).increment();
                onOutage(endpoint, endpoint.outage().failed(System.nanoTime(), oneLine("HTTP " + o.status()
                        + (o.message().isEmpty() ? "" : " (" + o.message() + ")"))));
                // With Retry-After the shared pause already holds everybody back until then.
                return retryTransport(request, healthy, "HTTP " + o.status(), o.retryAfter() != null);
            }
            if (reply instanceof ChatReply.Rejected r) {
                // Refused before the release, which hands the slot on: no further call may go to this endpoint.
                boolean refusedNow = endpoints.size() > 1 && refusesTheRun(r.status()) && endpoint.refuse();
                permit.release(new CallSignal.Refused());
                return rejected(request, endpoint, r, refusedNow);
            }
            boolean healthy = permit.release(new CallSignal.TransportFailed());
            String what;
            if (reply instanceof ChatReply.ServerError e) {
                retries.get(RetryCause.SERVER_ERROR).increment();
                what = "HTTP " + e.status() + (e.message().isEmpty() ? "" : " (" + e.message() + ")");
            } else if (reply instanceof ChatReply.TimedOut) {
                retries.get(RetryCause.TIMEOUT).increment();
                what = OutageWatch.TIMEOUT + " " + OutageWatch.human(endpoint.settings().requestTimeout())
                        + " (request-timeout)";
            } else {
                retries.get(RetryCause.CONNECTION).increment();
                what = ((ChatReply.ConnectionFailed) reply).message();
            }
            // Every failure counts toward giving up, outage pause or not.
            onOutage(endpoint, endpoint.outage().failed(System.nanoTime(), oneLine(what)));
            if (!healthy && !gaveUp.get() && endpoint.down.compareAndSet(false, true)) {
                if (endpoints.size() == 1) {
                    LOG.warn("LLM provider failing ({}): every worker pauses and one probe call tests it",
                            oneLine(what));
                } else {
                    LOG.warn("LLM endpoint {} failing ({}): its calls go to the other endpoints and one probe call "
                            + "tests it", endpoint.label(), oneLine(what));
                }
            }
            return retryTransport(request, healthy, what, false);
        }

        private CompletionStage<NarrativeOutcome> retryTransport(ChatRequest request, boolean healthy, String what,
                                                                 boolean pausedByProvider) {
            transportFailures++;
            // A failure during a shared outage, or a wait the provider asked for, is not the persona's fault.
            if (healthy && !pausedByProvider) {
                countedTransportRetries++;
            }
            if (countedTransportRetries > settings.maxTransportRetries()) {
                return done(fail("provider: " + oneLine(what) + " after " + settings.maxTransportRetries()
                        + " retries", List.of()));
            }
            LOG.debug("persona {}: {}; retrying", persona.index(), oneLine(what));
            Duration delay = pausedByProvider ? Duration.ZERO : backoff(transportFailures);
            CompletableFuture<NarrativeOutcome> result = new CompletableFuture<>();
            system.scheduler().scheduleOnce(delay, () -> call(request).whenComplete((o, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(o);
                }
            }), system.executionContext());
            return result;
        }

        private CompletionStage<NarrativeOutcome> rejected(ChatRequest request, LlmEndpoint endpoint,
                                                           ChatReply.Rejected r, boolean refusedNow) {
            ApiKey key = endpoint.key();
            String reason = "provider rejected the request: HTTP " + r.status()
                    + (r.code().isEmpty() ? "" : " " + oneLine(r.code())) + (r.message().isEmpty() ? ""
                    : " (" + oneLine(r.message()) + ")");
            String hint = switch (r.status()) {
                case 401, 403 -> "; check the key in " + (key.present() ? key.variable() : "api-key-env");
                case 404 -> "; check personas.narratives.model and base-url";
                case 402, 429 -> "; check the account's quota";
                default -> "";
            };
            boolean fatalStatus = refusesTheRun(r.status());
            if (fatalStatus && endpoints.size() > 1) {
                // This endpoint refuses the run (key, model, account); the others may not: the call goes to them.
                if (refusedNow) {
                    LOG.error("LLM endpoint {} refused the run: {}{}; no more calls go to it", endpoint.label(),
                            reason, hint);
                }
                if (endpoints.stream().anyMatch(e -> e.state() != LlmEndpoint.State.REFUSED)) {
                    router.pump(); // waiting calls that could only go there may go elsewhere, or fail
                    giveUpIfNoEndpointLeft(reason + hint);
                    return call(request);
                }
            }
            if (fatalStatus || rejectionsInARow.incrementAndGet() >= REJECTIONS_BEFORE_STOP) {
                if (fatal.compareAndSet(null, reason + hint)) {
                    LOG.error("LLM narratives stop: {}{}", reason, hint);
                }
            }
            return done(fail(reason + hint, List.of()));
        }

        private CompletionStage<NarrativeOutcome> judge(ChatRequest request, ChatReply.Answered a) {
            answers++;
            NarrativeJson.Parsed parsed = NarrativeJson.parse(a.content());
            draft.merge(request.fields(), parsed.fields());
            // Before anything else sees the text: a field holding the key is emptied and asked for again.
            List<String> leaking = draft.clearFieldsWhere(keys::foundIn);
            Narrative narrative = draft.toNarrative(answeredBy, prompts.version());
            List<ContractViolation> violations = withLeaks(check.check(persona, narrative), leaking);
            if (violations.isEmpty()) {
                written.increment();
                return done(new NarrativeOutcome.Written(persona, narrative));
            }
            if (answers >= settings.maxAttempts()) {
                ContractViolation first = violations.get(0);
                return done(fail("contract: " + oneLine(first.toString())
                        + (violations.size() > 1 ? " (+" + (violations.size() - 1) + " more)" : "")
                        + " after " + answers + " answers", violations));
            }
            RetryCause cause = switch (parsed.completeness()) {
                case NO_JSON -> RetryCause.NO_JSON;
                case TRUNCATED -> RetryCause.TRUNCATED;
                case COMPLETE -> "length".equals(a.finishReason()) ? RetryCause.TRUNCATED : RetryCause.CONTRACT;
            };
            retries.get(cause).increment();
            List<String> failing = NarrativePrompts.failingFields(violations);
            boolean nothingUsable = failing.size() == NarrativePrompts.ALL_FIELDS.size();
            ChatRequest next = nothingUsable ? prompts.first(persona, estimator)
                    : prompts.repair(persona, violations, draft.values(), estimator, answers);
            LOG.debug("persona {}: {} answer, asking again for {}", persona.index(), cause.id(), failing);
            return call(next);
        }

        /** The contract's violations, with those of emptied fields replaced by "holds the API key". */
        private List<ContractViolation> withLeaks(List<ContractViolation> violations, List<String> leaking) {
            if (leaking.isEmpty()) {
                return violations;
            }
            LOG.warn("persona {}: the answer held the API key (or a form of it) in {}; asking again",
                    persona.index(), leaking);
            List<ContractViolation> out = new ArrayList<>();
            for (String field : leaking) {
                out.add(new ContractViolation(field, "api_key", "held the API key (a credential, not narrative); "
                        + "write this field again without it"));
            }
            violations.stream().filter(v -> !leaking.contains(v.field())).forEach(out::add);
            return out;
        }

        NarrativeOutcome fail(String reason, List<ContractViolation> violations) {
            failed.increment();
            return new NarrativeOutcome.Failed(persona, oneLine(reason), callsMade, List.copyOf(violations));
        }

        private Duration backoff(int failures) {
            long min = settings.backoffMin().toMillis();
            long cap = settings.backoffMax().toMillis();
            long exp = Math.min(cap, min << Math.min(20, failures - 1));
            // Equal jitter: at least half the step, so retries of many personas spread without collapsing to 0.
            long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
            return Duration.ofMillis(jittered);
        }
    }

    /** A refusal of the key, the model or the account rather than of one request. */
    private static boolean refusesTheRun(int status) {
        return status == 401 || status == 403 || status == 404 || status == 402 || status == 429;
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
