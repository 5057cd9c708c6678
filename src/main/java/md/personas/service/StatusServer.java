package md.personas.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.run.RunFailure;
import md.personas.run.RunProgress;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status server of a running generation (Pekko HTTP):
 * <ul>
 *   <li>{@code GET /status}: the run as JSON ({@link StatusReport});</li>
 *   <li>{@code GET /metrics}: Prometheus text format ({@link PrometheusExposition});</li>
 *   <li>{@code GET /}: the dashboard, one self-contained HTML page that polls {@code /status} every 2 s;</li>
 *   <li>{@code POST /control/throttle} and {@code POST /control/abort}: only with {@code Authorization: Bearer}
 *       and the token from the environment; 401 otherwise, and always when no token is configured.</li>
 * </ul>
 * It samples the run's progress every 2 s into a ring buffer for the throughput chart. The token is never logged
 * nor echoed.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Throughput samples: one every 2 s, the last hour. */
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    static final int HISTORY = 1800;
    private static final int MAX_REASON = 200;
    private static final ContentType METRICS_TYPE = ContentTypes.parse(PrometheusExposition.CONTENT_TYPE);

    private final ServerBinding binding;
    private final Cancellable sampler;

    private StatusServer(ServerBinding binding, Cancellable sampler) {
        this.binding = binding;
        this.sampler = sampler;
    }

    /**
     * Binds the server and starts sampling. Blocks until bound (a few hundred milliseconds).
     *
     * @throws RunFailure (usage, exit 2) when the interface is not loopback and no token is configured, or the
     *                    address cannot be bound (in use, not an interface of this machine)
     */
    public static StatusServer start(ActorSystem<?> system, HttpSettings settings, Optional<ControlToken> token,
                                     RunProgress progress, ThrottleControl throttle, AbortControl abort) {
        settings.checkExposure(token);
        if (token.isPresent() && token.get().weak()) {
            LOG.warn("the control token in {} is shorter than {} characters; a longer random one is safer",
                    settings.controlTokenEnv(), ControlToken.RECOMMENDED_LENGTH);
        }
        ThroughputHistory history = new ThroughputHistory(HISTORY);
        Runnable sample = () -> {
            RunProgress.Snapshot s = progress.snapshot();
            history.record(Duration.between(s.started(), Instant.now()).toMillis() / 1000.0,
                    s.alreadyDone() + s.written());
        };
        Routes routes = new Routes(progress::snapshot, history, token, throttle, abort,
                settings.loopback() ? Optional.of(new LocalHostNames(settings.host())) : Optional.empty());
        ServerBinding binding;
        try {
            binding = Http.get(system).newServerAt(settings.host(), settings.port()).bind(routes.route())
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw RunFailure.usage("personas.http: cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + cause.getMessage() + "); set personas.http.port to a free port (0 = any), or "
                    + "personas.http.enabled = false");
        } catch (TimeoutException e) {
            throw RunFailure.usage("personas.http: binding " + settings.host() + ":" + settings.port()
                    + " did not finish within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the status server", e);
        }
        Cancellable sampler = system.scheduler().scheduleAtFixedRate(Duration.ZERO, SAMPLE_EVERY, sample,
                system.executionContext());
        InetSocketAddress at = binding.localAddress();
        String control = token.isPresent() ? "enabled (token from " + settings.controlTokenEnv() + ")"
                : "disabled (set " + settings.controlTokenEnv() + " to enable them)";
        LOG.info("status server on http://{}:{}/ (dashboard, /status, /metrics); control endpoints {}",
                at.getHostString(), at.getPort(), control);
        return new StatusServer(binding, sampler);
    }

    /** The bound address (its port, when the settings asked for port 0). */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** Stops sampling and unbinds; requests under way get up to 3 s to finish. */
    @Override
    public void close() {
        sampler.cancel();
        try {
            binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("status server did not stop cleanly", e);
        }
    }

    /** The routes; separate from the binding so that each handler reads as what it answers. */
    private static final class Routes extends AllDirectives {

        private final Supplier<RunProgress.Snapshot> snapshots;
        private final ThroughputHistory history;
        private final Optional<ControlToken> token;
        private final ThrottleControl throttle;
        private final AbortControl abort;
        private final String dashboard = dashboardPage();
        private final AtomicBoolean aborting = new AtomicBoolean();
        private final Optional<LocalHostNames> localNames;

        Routes(Supplier<RunProgress.Snapshot> snapshots, ThroughputHistory history, Optional<ControlToken> token,
               ThrottleControl throttle, AbortControl abort, Optional<LocalHostNames> localNames) {
            this.snapshots = snapshots;
            this.history = history;
            this.token = token;
            this.throttle = throttle;
            this.abort = abort;
            this.localNames = localNames;
        }

        Route route() {
            return forThisHost(() -> respondWithHeader(CacheControl.create(CacheDirectives.NO_STORE), () -> concat(
                    pathSingleSlash(() -> get(() -> complete(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8,
                            dashboard)))),
                    path("status", () -> get(() -> complete(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                            status())))),
                    path("metrics", () -> get(() -> complete(HttpEntities.create(METRICS_TYPE,
                            metrics().getBytes(StandardCharsets.UTF_8))))),
                    pathPrefix("control", () -> post(() -> authorized(() -> concat(
                            path("throttle", () -> entity(Unmarshaller.entityToString(), this::throttle)),
                            path("abort", () -> entity(Unmarshaller.entityToString(), this::abort)))))))));
        }

        /** On loopback, only requests addressed to a local name (DNS rebinding protection): 421 otherwise. */
        private Route forThisHost(Supplier<Route> inner) {
            if (localNames.isEmpty()) {
                return inner.get();
            }
            return optionalHeaderValueByName("Host", host -> {
                if (localNames.get().admits(host.orElse(null))) {
                    return inner.get();
                }
                LOG.warn("status server: refused a request for host '{}' (not a local name)",
                        sanitise(host.orElse("")));
                return complete(error(StatusCodes.MISDIRECTED_REQUEST, "this server answers only requests for "
                        + "localhost or 127.0.0.1"));
            });
        }

        private String status() {
            RunProgress.Snapshot s = snapshots.get();
            ObjectNode report = StatusReport.of(s, NarrativeCounters.of(s.narrativeStats()), history.samples(),
                    Instant.now());
            try {
                return JSON.writeValueAsString(report);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String metrics() {
            RunProgress.Snapshot s = snapshots.get();
            return PrometheusExposition.render(s, NarrativeCounters.of(s.narrativeStats()));
        }

        private Route authorized(Supplier<Route> inner) {
            return optionalHeaderValueByName("Authorization", header -> {
                if (token.isPresent() && token.get().admits(header.orElse(null))) {
                    return inner.get();
                }
                LOG.warn("control: refused a request ({})", token.isEmpty() ? "no control token is configured"
                        : header.isEmpty() ? "no bearer token" : "wrong bearer token");
                return complete(error(StatusCodes.UNAUTHORIZED, token.isEmpty()
                        ? "control is disabled: no token was configured when the run started"
                        : "a valid 'Authorization: Bearer <token>' header is required")
                        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"moldova-personas\"")));
            });
        }

        private Route throttle(String body) {
            ThrottleChange change;
            try {
                change = ThrottleChange.fromJson(parse(body));
                throttle.apply(change);
            } catch (IllegalArgumentException e) {
                return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
            } catch (IllegalStateException e) {
                return complete(error(StatusCodes.CONFLICT, e.getMessage()));
            }
            LOG.info("control: throttle changed to {}", change);
            ObjectNode applied = JSON.createObjectNode();
            change.workers().ifPresent(w -> applied.put("workers", w));
            change.requestsPerMinute().ifPresent(r -> applied.put("requests_per_minute", r));
            change.tokensPerMinute().ifPresent(t -> applied.put("tokens_per_minute", t));
            ObjectNode answer = JSON.createObjectNode();
            answer.set("applied", applied);
            return complete(json(StatusCodes.OK, answer));
        }

        private Route abort(String body) {
            String reason;
            try {
                JsonNode node = body.isBlank() ? JSON.createObjectNode() : parse(body);
                JsonNode r = node.get("reason");
                reason = sanitise(r == null || r.isNull() ? "" : r.asText());
            } catch (IllegalArgumentException e) {
                return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.put("aborting", true);
            if (!aborting.compareAndSet(false, true)) {
                answer.put("note", "an abort was already requested");
                return complete(json(StatusCodes.ACCEPTED, answer));
            }
            LOG.warn("control: abort requested by the operator: {}", reason);
            abort.abort(reason);
            answer.put("reason", reason);
            return complete(json(StatusCodes.ACCEPTED, answer));
        }

        private static JsonNode parse(String body) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("the body must be a JSON object");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
            }
        }

        /** One printable line, at most {@value #MAX_REASON} characters, never empty. */
        static String sanitise(String reason) {
            String line = reason.replaceAll("\\p{Cntrl}+", " ").strip();
            if (line.length() > MAX_REASON) {
                line = line.substring(0, MAX_REASON);
            }
            return line.isEmpty() ? "no reason given" : line;
        }

        private static HttpResponse error(StatusCode status, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("error", message);
            return json(status, body);
        }

        private static HttpResponse json(StatusCode status, ObjectNode body) {
            return HttpResponse.create().withStatus(status)
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
        }

        private static String dashboardPage() {
            try (InputStream in = StatusServer.class.getResourceAsStream("/service/dashboard.html")) {
                if (in == null) {
                    throw new IllegalStateException("service/dashboard.html is missing from the build");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
