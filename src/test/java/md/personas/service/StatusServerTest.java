package md.personas.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import md.personas.census.CensusModel;
import md.personas.census.CensusTargets;
import md.personas.census.ReferenceSource;
import md.personas.census.TargetTable;
import md.personas.monitoring.ChiSquareMonitor;
import md.personas.monitoring.MonitorSettings;
import md.personas.monitoring.MonitorVerdict;
import md.personas.narratives.NarrativeStats;
import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.run.ExitCode;
import md.personas.run.RunFailure;
import md.personas.run.RunProgress;
import md.personas.rebalancing.QuotaPlan;
import md.personas.rebalancing.QuotaRebalancer;
import md.personas.rebalancing.RebalancerSettings;
import md.personas.rebalancing.Rebalancing;
import md.personas.record.Narrative;
import md.personas.record.PersonaRecord;
import md.personas.sampling.PersonaSampler;
import md.personas.testing.LogCapture;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status server on 127.0.0.1, port 0, called over real HTTP by {@link HttpClient}. */
class StatusServerTest {

    static final String TOKEN = "correct-horse-battery-staple-42";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Shaped like the LLM writer's stats record (the status server reads it generically). */
    record ThrottleLike(int inFlight, int queued, int concurrencyLimit, int maxConcurrency, double requestsPerMinute,
                        double tokensPerMinute) { }

    record StatsLike(String provider, long written, long failed, long calls, Map<String, Long> retries,
                     long promptTokens, long completionTokens, double costUsd, double budgetUsd,
                     ThrottleLike throttle) { }

    static ActorSystem<Void> system;
    static RunProgress progress;
    static StatusServer guarded;
    static StatusServer unguarded;
    static final List<ThrottleChange> throttled = new CopyOnWriteArrayList<>();
    static final AtomicReference<ThrottleControl> throttle = new AtomicReference<>();
    static final List<String> aborts = new CopyOnWriteArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "status-server-test");
        CensusModel model = CensusModel.load(ReferenceSource.bundled());
        CensusTargets targets = CensusTargets.compute(model);
        List<TargetTable> controlled = Rebalancing.controlledTables(targets, RebalancerSettings.DEFAULT_TABLES);
        ChiSquareMonitor monitor = new ChiSquareMonitor(new ArrayList<>(targets.tables().values()), controlled,
                MonitorSettings.defaults());
        QuotaRebalancer rebalancer = new QuotaRebalancer(5, model, QuotaPlan.forCount(controlled, 2000),
                RebalancerSettings.defaults());
        PersonaSampler sampler = new PersonaSampler(model, 5);
        // Real accepted personas through the rebalancer, counted by the real monitor.
        List<md.personas.record.Persona> accepted = new ArrayList<>();
        org.apache.pekko.stream.javadsl.Source.fromIterator(() -> java.util.stream.LongStream.iterate(0, i -> i + 1)
                        .iterator())
                .map(sampler::sample).via(Rebalancing.flow(rebalancer)).take(2000)
                .runForeach(accepted::add, system).toCompletableFuture().join();
        MonitorVerdict verdict = null;
        for (md.personas.record.Persona p : accepted) {
            MonitorVerdict v = monitor.add(new PersonaRecord(p, Narrative.none()));
            verdict = v == null ? verdict : v;
        }
        progress = new RunProgress(10_000);
        progress.phase(RunProgress.Phase.STREAMING);
        progress.alreadyDone(500);
        progress.written(2000);
        progress.failed(3);
        progress.checkpoint(verdict, monitor.latest());
        Map<String, Long> retries = new LinkedHashMap<>();
        retries.put("rate_limited", 7L);
        retries.put("contract", 2L);
        StatsLike stats = new StatsLike("dashscope", 2000, 3, 2100, retries, 1_234_567, 2_345_678, 4.25, 400,
                new ThrottleLike(17, 3, 48, 64, 600, 1_000_000));
        progress.narrativeStats(() -> Optional.of(new NarrativeStats(stats.promptTokens(), stats.completionTokens(),
                stats.costUsd(), stats.budgetUsd(), stats.calls(), stats.failed(), stats.retries(),
                stats.throttle().inFlight(), stats.throttle().concurrencyLimit(), stats.throttle().maxConcurrency(),
                stats.throttle().requestsPerMinute(), stats.throttle().tokensPerMinute(), stats)));
        throttle.set(throttled::add);
        guarded = StatusServer.start(system, HttpSettings.loopback(0),
                ControlToken.fromEnvironment("TEST_CONTROL_TOKEN", Map.of("TEST_CONTROL_TOKEN", TOKEN)), progress,
                change -> throttle.get().apply(change), aborts::add);
        unguarded = StatusServer.start(system, HttpSettings.loopback(0), Optional.empty(), progress,
                throttled::add, aborts::add);
    }

    @AfterAll
    static void stop() {
        guarded.close();
        unguarded.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    @BeforeEach
    void reset() {
        throttled.clear();
        aborts.clear();
        throttle.set(throttled::add);
    }

    static URI uri(StatusServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    static HttpResponse<String> get(StatusServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(StatusServer server, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusIsJsonWithProgressLlmCountersAndEveryTablesStatistics() throws Exception {
        HttpResponse<String> r = get(guarded, "/status");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode s = JSON.readTree(r.body());
        assertEquals("streaming", s.get("phase").asText());
        assertEquals(10_000, s.get("total").asLong());
        assertEquals(2500, s.get("done").asLong());
        assertEquals(0.25, s.get("progress").asDouble(), 1e-12);
        assertTrue(s.get("rate_per_second").asDouble() > 0);
        assertTrue(s.get("eta_seconds").isNumber());
        assertEquals(17, s.get("in_flight").asInt());
        assertEquals(48, s.get("concurrency_limit").asInt());
        assertEquals(1_234_567, s.get("tokens_in").asLong());
        assertEquals(2_345_678, s.get("tokens_out").asLong());
        assertEquals(4.25, s.get("cost_usd").asDouble(), 1e-12);
        assertEquals(7, s.get("retries").get("rate_limited").asLong());
        assertEquals(2, s.get("retries").get("contract").asLong());
        assertEquals(3, s.get("dead_letters").asLong());
        assertEquals(2000, s.get("monitor").get("checkpoint").asLong());
        assertEquals("dashscope", s.get("narrative").get("provider").asText(), "the stats as they are");
        Set<String> tables = new HashSet<>();
        for (JsonNode t : s.get("tables")) {
            tables.add(t.get("name").asText());
            assertEquals(2000, t.get("n").asLong());
            for (String field : List.of("chi_square", "df", "p_value", "max_deviation_pp", "total_variation")) {
                assertTrue(t.get(field).isNumber(), t.get("name") + "." + field);
            }
        }
        assertTrue(tables.containsAll(StatusReport.MAIN_MARGINALS), tables.toString());
        assertTrue(tables.contains("region x ethnicity"), tables.toString());
        List<String> marginals = new ArrayList<>();
        for (JsonNode m : s.get("marginals")) {
            marginals.add(m.get("name").asText());
            double observed = 0;
            double target = 0;
            for (JsonNode c : m.get("cells")) {
                assertFalse(c.get("label").asText().isBlank());
                observed += c.get("observed").asDouble();
                target += c.get("target").asDouble();
            }
            assertEquals(1.0, observed, 1e-9, m.get("name") + " observed shares");
            assertEquals(1.0, target, 1e-9, m.get("name") + " target shares");
        }
        assertEquals(StatusReport.MAIN_MARGINALS, marginals);
        assertTrue(s.get("throughput").isArray());
    }

    @Test
    void anOfflineRunHasNullLlmCountersAndNoNaN() throws Exception {
        RunProgress offline = new RunProgress(100);
        try (StatusServer server = StatusServer.start(system, HttpSettings.loopback(0), Optional.empty(), offline,
                ThrottleControl.unavailable("offline"), reason -> { })) {
            HttpResponse<String> r = get(server, "/status");
            JsonNode s = JSON.readTree(r.body()); // NaN would not parse
            assertTrue(s.get("eta_seconds").isNull());
            assertTrue(s.get("tokens_in").isNull());
            assertTrue(s.get("narrative").isNull());
            assertTrue(s.get("monitor").get("checkpoint").isNull());
            assertEquals(0, s.get("dead_letters").asLong());
        }
    }

    static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
    static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + ")(?:," + LABEL + ")*,?\\})? "
            + "([-+]?(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+|NaN|Inf))(?: -?[0-9]+)?");

    @Test
    void metricsAreValidPrometheusTextWithHelpAndTypeForEveryFamily() throws Exception {
        HttpResponse<String> r = get(guarded, "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helps = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        assertTrue(r.body().endsWith("\n"));
        for (String line : r.body().split("\n")) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertTrue(helps.add(m.group(1)), "one HELP per family: " + line);
            } else if ((m = TYPE.matcher(line)).matches()) {
                assertTrue(m.group(1).startsWith("moldova_personas_"), line);
                assertTrue(helps.contains(m.group(1)), "HELP before TYPE: " + line);
                assertEquals(null, types.put(m.group(1), m.group(2)), "one TYPE per family: " + line);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String family = m.group(1);
                assertTrue(types.containsKey(family), "sample after its TYPE: " + line);
                if (types.get(family).equals("counter")) {
                    assertTrue(family.endsWith("_total"), line);
                }
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.valueOf(
                        m.group(3).replace("Inf", "Infinity")));
            } else {
                throw new AssertionError("not a line of the exposition format: '" + line + "'");
            }
        }
        assertEquals(10_000, samples.get("moldova_personas_personas_target"));
        assertEquals(2500, samples.get("moldova_personas_personas_done"));
        assertEquals(1, samples.get("moldova_personas_phase{phase=\"streaming\"}"));
        assertEquals(0, samples.get("moldova_personas_phase{phase=\"complete\"}"));
        assertEquals(1_234_567, samples.get("moldova_personas_llm_tokens_total{direction=\"in\"}"));
        assertEquals(17, samples.get("moldova_personas_llm_in_flight"));
        assertEquals(48, samples.get("moldova_personas_llm_concurrency_limit"));
        assertEquals(7, samples.get("moldova_personas_llm_retries_total{cause=\"rate_limited\"}"));
        assertEquals(4.25, samples.get("moldova_personas_llm_cost_usd_total"));
        assertEquals(3, samples.get("moldova_personas_dead_letters_total"));
        for (String table : StatusReport.MAIN_MARGINALS) {
            assertNotNull(samples.get("moldova_personas_table_p_value{table=\"" + table + "\"}"), table);
            assertNotNull(samples.get("moldova_personas_table_chi_square{table=\"" + table + "\"}"), table);
        }
        assertNotNull(samples.get("moldova_personas_table_total_variation{table=\"region x ethnicity\"}"));
    }

    @Test
    void theDashboardIsOneSelfContainedPageThatPollsStatus() throws Exception {
        HttpResponse<String> r = get(guarded, "/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String page = r.body();
        assertFalse(page.contains("http://"), "no absolute http reference");
        assertFalse(page.contains("https://"), "no absolute https reference");
        assertFalse(Pattern.compile("(src|href)\\s*=|url\\(|@import|<link|<script\\s+src", Pattern.CASE_INSENSITIVE)
                .matcher(page).find(), "no resource loaded from anywhere");
        assertTrue(page.contains("fetch(\"status\""), "it polls /status");
        assertTrue(page.contains("id=\"progress-fill\"") && page.contains("id=\"marginals\"")
                && page.contains("id=\"throughput\""), "progress bar, marginal bars, throughput chart");
    }

    @Test
    void controlWithoutOrWithAWrongTokenIs401AndChangesNothing() throws Exception {
        try (LogCapture logs = new LogCapture("md.personas.service")) {
            for (String auth : new String[] {null, "Bearer wrong-token", "Bearer " + TOKEN + "x", TOKEN,
                    "Basic " + TOKEN}) {
                HttpResponse<String> r = post(guarded, "/control/throttle", "{\"workers\": 8}", auth);
                assertEquals(401, r.statusCode(), String.valueOf(auth));
                assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
                assertFalse(r.body().contains(TOKEN));
                HttpResponse<String> a = post(guarded, "/control/abort", "{}", auth);
                assertEquals(401, a.statusCode(), String.valueOf(auth));
            }
            assertTrue(throttled.isEmpty());
            assertTrue(aborts.isEmpty());
            assertTrue(logs.contains("control: refused"));
            assertTrue(logs.messages().stream().noneMatch(m -> m.contains(TOKEN)), "the token is never logged");
        }
    }

    @Test
    void withoutAConfiguredTokenControlIsAlways401() throws Exception {
        HttpResponse<String> r = post(unguarded, "/control/throttle", "{\"workers\": 8}", "Bearer " + TOKEN);
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("no token was configured"), r.body());
        assertEquals(401, post(unguarded, "/control/abort", "{}", "Bearer ").statusCode());
        assertTrue(throttled.isEmpty());
        assertTrue(aborts.isEmpty());
    }

    @Test
    void theRightTokenChangesTheThrottle() throws Exception {
        try (LogCapture logs = new LogCapture("md.personas.service")) {
            HttpResponse<String> r = post(guarded, "/control/throttle",
                    "{\"workers\": 8, \"requests_per_minute\": 300}", "Bearer " + TOKEN);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, throttled.size());
            ThrottleChange change = throttled.get(0);
            assertEquals(8, change.workers().getAsInt());
            assertEquals(300, change.requestsPerMinute().getAsDouble());
            assertTrue(change.tokensPerMinute().isEmpty(), "absent values stay as they are");
            assertEquals(8, JSON.readTree(r.body()).get("applied").get("workers").asInt());
            assertFalse(r.body().contains(TOKEN));
            assertTrue(logs.contains("throttle changed to workers=8, requests-per-minute=300"), logs.messages()
                    .toString());
            assertTrue(logs.messages().stream().noneMatch(m -> m.contains(TOKEN)));
        }
        HttpResponse<String> tokens = post(guarded, "/control/throttle", "{\"tokens_per_minute\": 250000}",
                "bearer " + TOKEN);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals(250_000, throttled.get(1).tokensPerMinute().getAsDouble());
    }

    @Test
    void badThrottleBodiesAre400AndARunWithoutThrottleIs409() throws Exception {
        for (String body : new String[] {"not json", "[]", "{}", "{\"workers\": 0}", "{\"workers\": 2.5}",
                "{\"speed\": 3}", "{\"tokens_per_minute\": \"fast\"}", "{\"requests_per_minute\": -1}"}) {
            HttpResponse<String> r = post(guarded, "/control/throttle", body, "Bearer " + TOKEN);
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertTrue(JSON.readTree(r.body()).get("error").isTextual());
        }
        assertTrue(throttled.isEmpty());
        throttle.set(ThrottleControl.unavailable("offline narratives cannot be throttled"));
        HttpResponse<String> r = post(guarded, "/control/throttle", "{\"workers\": 2}", "Bearer " + TOKEN);
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("offline narratives cannot be throttled"));
    }

    @Test
    void theRightTokenAbortsOnceWithTheReason() throws Exception {
        RunProgress p = new RunProgress(10);
        List<String> reasons = new CopyOnWriteArrayList<>();
        try (StatusServer server = StatusServer.start(system, HttpSettings.loopback(0),
                Optional.of(ControlToken.of(TOKEN)), p, throttled::add, reasons::add)) {
            HttpResponse<String> r = post(server, "/control/abort", "{\"reason\": \"prompt\\nbug found\"}",
                    "Bearer " + TOKEN);
            assertEquals(202, r.statusCode(), r.body());
            assertEquals(List.of("prompt bug found"), reasons);
            HttpResponse<String> again = post(server, "/control/abort", "", "Bearer " + TOKEN);
            assertEquals(202, again.statusCode());
            assertEquals(1, reasons.size(), "the callback runs once");
            assertEquals(405, get(server, "/control/abort").statusCode());
        }
    }

    @Test
    void aNonLoopbackInterfaceWithoutATokenIsRefusedAtStartUp() {
        HttpSettings open = HttpSettings.loopback(0).withHost("0.0.0.0");
        RunFailure refused = assertThrows(RunFailure.class, () -> StatusServer.start(system, open, Optional.empty(),
                progress, throttled::add, aborts::add));
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertFalse(refused.getMessage().contains("\n"), "one line");
        assertTrue(refused.getMessage().contains("PERSONAS_CONTROL_TOKEN"), refused.getMessage());
        open.checkExposure(Optional.of(ControlToken.of(TOKEN))); // with a token it may bind
        HttpSettings.loopback(0).withHost("localhost").checkExposure(Optional.empty());
        HttpSettings.loopback(0).withHost("::1").checkExposure(Optional.empty());
    }

    @Test
    void aPortInUseIsAUsageError() {
        HttpSettings taken = HttpSettings.loopback(guarded.address().getPort());
        RunFailure refused = assertThrows(RunFailure.class, () -> StatusServer.start(system, taken, Optional.empty(),
                progress, throttled::add, aborts::add));
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertTrue(refused.getMessage().contains("personas.http.port"), refused.getMessage());
    }

    @Test
    void settingsComeFromTheHttpBlock() {
        com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.parseString(
                "personas.http { interface = \"127.0.0.1\", port = 0, control-token-env = \"X_TOKEN\" }");
        HttpSettings s = HttpSettings.from(config);
        assertEquals(new HttpSettings(true, "127.0.0.1", 0, "X_TOKEN"), s);
        assertEquals(ExitCode.USAGE, assertThrows(RunFailure.class, () -> HttpSettings.from(
                com.typesafe.config.ConfigFactory.parseString("personas.http { interface = \"x\", port = 70000 }")))
                .exitCode());
        assertTrue(ControlToken.fromEnvironment("X_TOKEN", Map.of("X_TOKEN", "  ")).isEmpty(), "blank = none");
        assertFalse(ControlToken.of(TOKEN).toString().contains(TOKEN));
    }

    /** The status line of a raw HTTP/1.1 GET with the given Host header (a browser under DNS rebinding sends any). */
    static int statusWithHost(StatusServer server, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /status HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void onLoopbackOnlyLocalHostNamesAreServedAgainstDnsRebinding() throws Exception {
        int port = unguarded.address().getPort();
        assertEquals(200, statusWithHost(unguarded, "127.0.0.1:" + port));
        assertEquals(200, statusWithHost(unguarded, "localhost:" + port));
        assertEquals(200, statusWithHost(unguarded, "LocalHost"));
        assertEquals(200, statusWithHost(unguarded, "[::1]:" + port));
        for (String foreign : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example",
                "localhost.attacker.example:" + port, "10.0.0.7:" + port)) {
            int status = statusWithHost(unguarded, foreign);
            assertTrue(status == 421 || status == 403, foreign + " got " + status);
        }
    }
}
