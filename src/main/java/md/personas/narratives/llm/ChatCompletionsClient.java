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
    /** The most of a response read: a full answer is tens of kilobytes; a proxy's 50 MB page is not read. */
    static final long MAX_RESPONSE_BYTES = 4L << 20;
    /** Characters of a body quoted in a failure (after tags and spaces are squeezed out). */
    private static final int BODY_WORDS = 100;

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
                // The pool's own reconnect backoff grows to 2 minutes by default: it would hide "connection
                // refused" behind timeouts and keep waiting after the provider is back. The writer's circuit paces.
                .withMaxConnectionBackoff(Duration.ofSeconds(1))
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
        // One deadline for the whole call, headers and body: a body dripping a byte a second ends with it.
        return response
                .thenCompose(r -> read(r, start, timeoutMillis))
                .toCompletableFuture()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .exceptionally(this::failure);
    }

    /** Reads the body within what is left of the deadline, and at most {@link #MAX_RESPONSE_BYTES} of it. */
    private CompletionStage<ChatReply> read(HttpResponse r, long start, long timeoutMillis) {
        long left = Math.max(1, timeoutMillis - (System.nanoTime() - start) / 1_000_000);
        String type = r.entity().getContentType().toString();
        return r.entity().toStrict(left, MAX_RESPONSE_BYTES, materializer)
                .<ChatReply>thenApply(strict -> reply(r, type, strict.getData().utf8String(),
                        System.nanoTime() - start))
                .exceptionally(e -> {
                    if (isTooLarge(e)) {
                        return new ChatReply.ServerError(r.status().intValue(), type + ": the response is larger "
                                + "than " + (MAX_RESPONSE_BYTES >> 20) + " MB; not read further");
                    }
                    throw e instanceof CompletionException c ? c : new CompletionException(e);
                });
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Pekko says so with EntityStreamSizeException, or an EntityStreamException "... too large ...".
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (t.getClass().getSimpleName().contains("EntityStreamSize") || m.contains("too large")
                    || m.contains("longer than the maximum")) {
                return true;
            }
        }
        return false;
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

    private ChatReply reply(HttpResponse response, String type, String body, long latencyNanos) {
        int status = response.status().intValue();
        if (status >= 200 && status < 300) {
            return answered(status, type, body, latencyNanos);
        }
        JsonNode error = parse(body).path("error");
        String code = error.path("code").asText(error.path("type").asText(""));
        // A JSON error says what is wrong; anything else (a proxy's HTML page) is quoted with its type.
        String message = error.path("message").isTextual() ? oneLine(error.path("message").asText())
                : excerpt(type, body);
        if (status == 429 && "insufficient_quota".equals(code)) {
            return new ChatReply.Rejected(status, code, message);
        }
        if (status == 429 || status == 503 || status == 529) {
            return new ChatReply.Overloaded(status, RetryAfter.parse(
                    name -> response.getHeader(name).map(HttpHeader::value), System.currentTimeMillis()), message);
        }
        if (status >= 500 || status == 408) {
            return new ChatReply.ServerError(status, message);
        }
        return new ChatReply.Rejected(status, code, message);
    }

    private ChatReply answered(int status, String type, String body, long latencyNanos) {
        JsonNode root = parse(body);
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            return new ChatReply.ServerError(status, "not a chat completion with text content: "
                    + excerpt(type, body));
        }
        JsonNode usage = root.path("usage");
        return new ChatReply.Answered(content.asText(), choice.path("finish_reason").asText(""),
                usage.path("prompt_tokens").asLong(-1), usage.path("completion_tokens").asLong(-1), latencyNanos);
    }

    private ChatReply failure(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("IdleTimeout")) {
            return new ChatReply.TimedOut();
        }
        StringBuilder chain = new StringBuilder();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            chain.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(' ');
        }
        String all = chain.toString().toLowerCase(java.util.Locale.ROOT);
        String where = hostAndPort();
        if (all.contains("connection refused")) {
            return new ChatReply.ConnectionFailed("connection refused to " + where);
        }
        if (all.contains("unknownhost") || all.contains("unresolved")) {
            return new ChatReply.ConnectionFailed("unknown host in " + where);
        }
        if (all.contains("connection reset")) {
            return new ChatReply.ConnectionFailed("connection reset by " + where);
        }
        if (all.contains("unexpectedconnectionclosure") || all.contains("closed the connection")) {
            return new ChatReply.ConnectionFailed("connection closed by " + where + " before it answered");
        }
        if (all.contains("entitystream") || all.contains("truncat")) {
            return new ChatReply.ConnectionFailed("connection to " + where + " broke before the answer was complete");
        }
        return new ChatReply.ConnectionFailed("connection to " + where + " failed: " + cause.getClass().getSimpleName()
                + ": " + oneLine(cause.getMessage()));
    }

    /** {@code host:port} of the endpoint, as a user would check it. */
    private String hostAndPort() {
        java.net.URI uri = java.net.URI.create(settings.endpoint());
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** The content type and the first words of a body: tags and runs of spaces squeezed out, the key scrubbed. */
    private String excerpt(String type, String body) {
        String head = body.length() <= 65_536 ? body : body.substring(0, 65_536);
        String words = head.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " ");
        words = key.redact(words).replaceAll("\\s+", " ").trim();
        if (words.isEmpty()) {
            return type + ", empty body";
        }
        return type + ": " + (words.length() <= BODY_WORDS ? words : words.substring(0, BODY_WORDS) + "...");
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
