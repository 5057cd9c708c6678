package md.personas.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import md.personas.census.CensusModel;
import md.personas.census.ReferenceSource;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.llm.FakeLlmServer;
import md.personas.narratives.llm.FakeLlmServer.Call;
import md.personas.narratives.llm.FakeLlmServer.Fault;
import md.personas.narratives.llm.LlmNarrativeWriter;
import md.personas.narratives.llm.LlmSettings;
import md.personas.narratives.llm.LlmStats;
import md.personas.sampling.PersonaSampler;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Throughput of the LLM narrative stage against the fake OpenAI-compatible server, driven the way the pipeline
 * drives it: {@code Source -> mapAsyncUnordered(workers, writer::write) -> Sink}. A wall-clock measurement of a
 * network-bound stage, so a plain main rather than JMH; run it with {@code ops/bench-llm}.
 *
 * <p>Scenarios (argument 1, default all; argument 2 the measured seconds, default 60; argument 3 the stream's
 * {@code mapAsyncUnordered} parallelism, default the 64 workers):
 * <ul>
 *   <li>{@code latency}: 2 s latency, 64 workers, no rate limits: the bound is 64 / 2 s = 32 personas/s;</li>
 *   <li>{@code tokens}: the same with tokens-per-minute below that: the bound is the token rate;</li>
 *   <li>{@code faults}: 20% of calls fail (500, dropped connections, hangs past the timeout, truncated JSON, missing
 *       keys, Russian, cedillas, too-short fields, fenced prose), against the 32 personas/s bound;</li>
 *   <li>{@code faults-overload}: the same mix plus 429, 503 and 529 (which cut the concurrency limit);</li>
 *   <li>{@code capacity}: a provider that processes at most 40 calls and answers 429 beyond: bound 20/s.</li>
 *   <li>{@code endpoints}: one run over 1, 2 and 4 endpoints ({@code personas.narratives.endpoints}), each its own
 *       fake server with 2 s latency and {@code -Dbench.endpoint-workers} workers (default 16): the bound is the sum
 *       of the endpoints' bounds, workers / 2 s each. Not part of {@code all}.</li>
 * </ul>
 * Throughput is measured in steady state, from 10 s after the start to the end of intake, after an unreported
 * 15 s warm-up run of the JVM.
 */
public final class LlmThroughputBench {

    private static final String KEY = "sk-bench-0000";
    private static final int WORKERS = 64;
    private static final Duration LATENCY = Duration.ofSeconds(2);
    private static final List<Fault> FAILURES = List.of(Fault.SERVER_ERROR, Fault.DROP, Fault.HANG, Fault.TRUNCATED,
            Fault.MISSING_KEYS, Fault.RUSSIAN, Fault.CEDILLA, Fault.TOO_SHORT, Fault.FENCED_PROSE);

    private LlmThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        // The stream's mapAsyncUnordered parallelism; the throttle keeps HTTP calls in flight at the workers.
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : WORKERS;
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "llm-bench", ConfigFactory.parseString("""
                pekko.loglevel = "WARNING"
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.stdout-loglevel = "OFF"
                pekko.http.server.request-timeout = 120s
                pekko.http.server.idle-timeout = 180s
                """).withFallback(ConfigFactory.load()));
        if (which.equals("endpoints")) {
            try {
                endpoints(seconds, model, system);
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            return;
        }
        try (FakeLlmServer fake = FakeLlmServer.start(system, KEY)) {
            // JIT and connection warm-up, not reported.
            run("warm-up", 15, parallelism, system, fake, model, false);
            for (String scenario : List.of("latency", "tokens", "faults", "faults-overload", "capacity")) {
                if (which.equals("all") || which.equals(scenario)) {
                    run(scenario, seconds, parallelism, system, fake, model, true);
                }
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void run(String scenario, int seconds, int parallelism, ActorSystem<Void> system,
                            FakeLlmServer fake, CensusModel model, boolean report) throws Exception {
        fake.reset();
        fake.latency = LATENCY;
        fake.hangFor = Duration.ofSeconds(60);
        String limits = "";
        double tpm = 0;
        double boundPerSecond = WORKERS / (LATENCY.toMillis() / 1000.0);
        switch (scenario) {
            case "tokens" -> {
                tpm = 2_400_000; // about 15 personas/s at the fake's ~2,700 tokens per call
                limits = "tokens-per-minute = 2400000";
            }
            case "faults" -> {
                fake.randomRate = 0.2;
                fake.randomPool = FAILURES;
            }
            case "faults-overload" -> {
                fake.randomRate = 0.2;
                fake.randomPool = concat(FAILURES, List.of(Fault.RATE_LIMIT, Fault.UNAVAILABLE,
                        Fault.OVERLOADED_529));
            }
            case "capacity" -> {
                fake.overloadAbove = 40;
                boundPerSecond = 40 / (LATENCY.toMillis() / 1000.0);
            }
            default -> { }
        }
        LlmSettings settings = LlmSettings.fromConfig(ConfigFactory.parseString(limits).withFallback(
                ConfigFactory.parseString("""
                provider = custom
                base-url = "%s"
                model = "fake-qwen"
                api-key-env = "BENCH_KEY"
                workers = %d
                requests-per-minute = 0
                tokens-per-minute = 0
                request-timeout = 6s
                budget-usd = 0
                retry { max-transport-retries = 10, backoff-min = 250ms, backoff-max = 10s }
                adaptive { burst = 1s, overload-decrease = %s }
                """.formatted(fake.baseUrl(), WORKERS, System.getProperty("bench.decrease", "0.7")))));
        LlmNarrativeWriter writer = LlmNarrativeWriter.create(system, settings, model, Map.of("BENCH_KEY", KEY));
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);

        ConcurrentLinkedQueue<Long> completions = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong submitted = new AtomicLong();
        long start = System.nanoTime();
        Source.range(0, Integer.MAX_VALUE)
                .takeWithin(Duration.ofSeconds(seconds))
                .map(i -> {
                    submitted.incrementAndGet();
                    return sampler.sample(i);
                })
                .mapAsyncUnordered(parallelism, writer::write)
                .runWith(Sink.foreach(o -> {
                    completions.add(System.nanoTime());
                    if (o instanceof NarrativeOutcome.Failed) {
                        failed.incrementAndGet();
                    }
                }), system)
                .toCompletableFuture().get(seconds + 300L, TimeUnit.SECONDS);
        long end = start + seconds * 1_000_000_000L;
        // Steady state: after the first answers, the estimators' calibration and the bucket's initial burst.
        long warm = start + 10_000_000_000L;
        long steady = completions.stream().filter(t -> t >= warm && t <= end).count();
        double perSecond = steady / ((end - warm) / 1e9);
        LlmStats stats = writer.stats();
        writer.close();
        if (!report) {
            return;
        }
        long done = completions.size();
        System.out.printf(Locale.ROOT, "%n== %s: %d s, %d workers, stream parallelism %d, latency %d ms%n", scenario,
                seconds, WORKERS, parallelism, LATENCY.toMillis());
        System.out.printf(Locale.ROOT, "personas: %d submitted, %d completed (%d written, %d failed), %d lost%n",
                submitted.get(), done, stats.written(), failed.get(), submitted.get() - done);
        System.out.printf(Locale.ROOT, "throughput (steady state): %.2f personas/s = %.1f%% of the bound %.1f/s%n",
                perSecond, 100 * perSecond / boundPerSecond, boundPerSecond);
        if (tpm > 0) {
            List<Call> calls = fake.calls();
            long tokens = calls.stream().filter(c -> c.arrivalNanos() >= warm && c.arrivalNanos() <= end)
                    .mapToLong(Call::tokens).sum();
            double tokensPerSecond = tokens / ((end - warm) / 1e9);
            System.out.printf(Locale.ROOT, "tokens (steady state, at the server): %.0f/s = %.1f%% of the bound %.0f/s"
                    + " (%,.0f tokens/min)%n", tokensPerSecond, 100 * tokensPerSecond / (tpm / 60), tpm / 60, tpm);
        }
        System.out.printf(Locale.ROOT, "calls: %d (%d first, %d repairs), mean answer latency %.0f ms, retries %s%n",
                stats.calls(), stats.firstCalls(), stats.repairCalls(), stats.meanLatencyMillis(), stats.retries());
        System.out.printf(Locale.ROOT, "server: mean %.0f ms from a call's arrival to its answer%n", fake.calls()
                .stream().filter(c -> c.status() == 200).mapToLong(c -> c.answeredNanos() - c.arrivalNanos())
                .average().orElse(0) / 1e6);
        System.out.printf(Locale.ROOT, "throttle: %s%n", stats.throttle());
    }

    /** Throughput over 1, 2 and 4 endpoints, each a fake server with 2 s latency; ratios against one endpoint. */
    private static void endpoints(int seconds, CensusModel model, ActorSystem<Void> system) throws Exception {
        int workers = Integer.getInteger("bench.endpoint-workers", 16);
        List<FakeLlmServer> fakes = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                FakeLlmServer fake = FakeLlmServer.start(system, KEY);
                fake.latency = LATENCY;
                fakes.add(fake);
            }
            endpointsRun(1, workers, 15, model, system, fakes); // JIT and connection warm-up, not reported
            double one = 0;
            for (int n : java.util.Arrays.stream(System.getProperty("bench.endpoint-counts", "1,2,4").split(","))
                    .mapToInt(Integer::parseInt).toArray()) {
                double perSecond = endpointsRun(n, workers, seconds, model, system, fakes);
                double bound = n * workers / (LATENCY.toMillis() / 1000.0);
                if (n == 1) {
                    one = perSecond;
                }
                System.out.printf(Locale.ROOT, "== endpoints %d x %d workers, latency %d ms, %d s: %.2f personas/s = "
                        + "%.1f%% of the bound %.1f/s; %.2f x one endpoint%n", n, workers, LATENCY.toMillis(),
                        seconds, perSecond, 100 * perSecond / bound, bound, perSecond / one);
            }
        } finally {
            fakes.forEach(FakeLlmServer::close);
        }
    }

    private static double endpointsRun(int n, int workers, int seconds, CensusModel model, ActorSystem<Void> system,
                                       List<FakeLlmServer> fakes) throws Exception {
        StringBuilder list = new StringBuilder("endpoints = [");
        for (int i = 0; i < n; i++) {
            fakes.get(i).reset();
            fakes.get(i).latency = LATENCY;
            // A comma between entries: two adjacent objects in HOCON would merge into one.
            list.append(i == 0 ? "" : ", ").append("{ base-url = \"").append(fakes.get(i).baseUrl()).append("\" }");
        }
        list.append("]");
        LlmSettings settings = LlmSettings.fromConfig(ConfigFactory.parseString(list.toString()).withFallback(
                ConfigFactory.parseString("""
                provider = custom
                base-url = "http://127.0.0.1:9/v1"
                model = "fake-qwen"
                api-key-env = "BENCH_KEY"
                workers = %d
                requests-per-minute = 0
                tokens-per-minute = 0
                request-timeout = 6s
                budget-usd = 0
                retry { max-transport-retries = 10, backoff-min = 250ms, backoff-max = 10s }
                """.formatted(workers))));
        LlmNarrativeWriter writer = LlmNarrativeWriter.create(system, settings, model, Map.of("BENCH_KEY", KEY));
        PersonaSampler sampler = new PersonaSampler(model, 20240408L);
        ConcurrentLinkedQueue<Long> completions = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        Source.range(0, Integer.MAX_VALUE)
                .takeWithin(Duration.ofSeconds(seconds))
                .map(sampler::sample)
                .mapAsyncUnordered(settings.workers(), writer::write)
                .runWith(Sink.foreach(o -> completions.add(System.nanoTime())), system)
                .toCompletableFuture().get(seconds + 300L, TimeUnit.SECONDS);
        long end = start + seconds * 1_000_000_000L;
        long warm = start + Math.min(10, seconds / 3) * 1_000_000_000L;
        long steady = completions.stream().filter(t -> t >= warm && t <= end).count();
        System.out.printf(Locale.ROOT, "   per endpoint (calls, mean latency, concurrency limit, cuts): %s%n",
                writer.endpointStats().stream().map(e -> String.format(Locale.ROOT, "%s=%d, %.0f ms, %d, %d",
                        e.endpoint(), e.calls(), e.meanLatencyMillis(), e.throttle().concurrencyLimit(),
                        e.throttle().concurrencyCuts())).toList());
        writer.close();
        return steady / ((end - warm) / 1e9);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
