package md.personas.narratives.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;

/**
 * {@code POST {base-url}/chat/completions} over the Pekko HTTP client. One host connection pool sized to the
 * workers; no retries inside the pool (a POST is not idempotent, and retries are the writer's business, behind the
 * throttle). Every outcome is a {@link ChatReply}; the returned stage never fails.
 */
public final class ChatCompletionsClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 200;

    private final ActorSystem<?> system;
    private final Http http;
    private final Materializer materializer;
    private final HttpsConnectionContext https;
    private final LlmSettings settings;
    private final ApiKey key;
    private final AtomicReference<ConnectionPoolSettings> pool = new AtomicReference<>();

    public ChatCompletionsClient(ActorSystem<?> system, LlmSettings settings, ApiKey key) {
        this.system = system;
        this.http = Http.get(system);
        this.materializer = Materializer.matFromSystem(system);
        this.https = http.defaultClientHttpsContext();
        this.settings = settings;
        this.key = key;
        resize(settings.workers());
    }

    /** Sizes the connection pool to {@code workers} (a new pool; calls in flight finish on the old one). */
    public void resize(int workers) {
        // The pool queue must be a power of two; room for every worker twice, so a call stuck in a dying
        // connection never makes the next one overflow.
        int open = Integer.highestOneBit(Math.max(32, workers * 2 - 1)) << 1;
        // A non-streaming completion sends nothing until it is done: the connection idles for the whole call.
        Duration idle = settings.requestTimeout().plusSeconds(1);
        pool.set(ConnectionPoolSettings.create(system.classicSystem())
                .withMaxConnections(workers)
                .withMaxOpenRequests(open)
                .withMaxRetries(0)
                .withConnectionSettings(ClientConnectionSettings.create(system.classicSystem())
                        .withIdleTimeout(idle)));
    }

    public CompletionStage<ChatReply> send(ChatRequest request) {
        HttpRequest http;
        try {
            http = HttpRequest.POST(settings.endpoint())
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body(request))));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new ChatReply.ConnectionFailed("cannot encode the request"));
        }
        Optional<HttpHeader> auth = key.authorization();
        if (auth.isPresent()) {
            http = http.addHeader(auth.get());
        }
        long timeoutMillis = settings.requestTimeout().toMillis();
        long start = System.nanoTime();
        CompletionStage<HttpResponse> response;
        try {
            response = this.http.singleRequest(http, https, pool.get(), system.classicSystem().log());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response
                .thenCompose(r -> r.entity().toStrict(timeoutMillis, materializer)
                        .thenApply(strict -> reply(r, strict.getData().utf8String(), System.nanoTime() - start)))
                .toCompletableFuture()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .exceptionally(this::failure);
    }

    /** The JSON body of a request, with the provider's structured-output mode. */
    ObjectNode body(ChatRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        messages.addObject().put("role", "user").put("content", request.user());
        body.put("temperature", settings.temperature());
        body.put("max_tokens", request.maxTokens());
        body.put("seed", request.seed());
        body.put("stream", false);
        switch (settings.responseFormat()) {
            case JSON_SCHEMA -> {
                ObjectNode format = body.putObject("response_format");
                format.put("type", "json_schema");
                ObjectNode schema = format.putObject("json_schema");
                schema.put("name", "narrative");
                schema.put("strict", true);
                schema.set("schema", NarrativePrompts.schema(request.fields()));
            }
            case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            case NONE -> { }
        }
        return body;
    }

    private ChatReply reply(HttpResponse response, String body, long latencyNanos) {
        int status = response.status().intValue();
        if (status >= 200 && status < 300) {
            return answered(status, body, latencyNanos);
        }
        JsonNode error = parse(body).path("error");
        String code = error.path("code").asText(error.path("type").asText(""));
        String message = oneLine(error.path("message").asText(body));
        if (status == 429 && "insufficient_quota".equals(code)) {
            return new ChatReply.Rejected(status, code, message);
        }
        if (status == 429 || status == 503 || status == 529) {
            return new ChatReply.Overloaded(status, RetryAfter.parse(
                    name -> response.getHeader(name).map(HttpHeader::value), System.currentTimeMillis()));
        }
        if (status >= 500 || status == 408) {
            return new ChatReply.ServerError(status, message);
        }
        return new ChatReply.Rejected(status, code, message);
    }

    private ChatReply answered(int status, String body, long latencyNanos) {
        JsonNode root = parse(body);
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            return new ChatReply.ServerError(status, "the response is not a chat completion with text content");
        }
        JsonNode usage = root.path("usage");
        return new ChatReply.Answered(content.asText(), choice.path("finish_reason").asText(""),
                usage.path("prompt_tokens").asLong(-1), usage.path("completion_tokens").asLong(-1), latencyNanos);
    }

    private ChatReply failure(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("IdleTimeout")) {
            return new ChatReply.TimedOut();
        }
        return new ChatReply.ConnectionFailed(cause.getClass().getSimpleName() + ": " + oneLine(cause.getMessage()));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** One line, at most 200 characters, the key scrubbed. */
    private String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = key.redact(s).replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
