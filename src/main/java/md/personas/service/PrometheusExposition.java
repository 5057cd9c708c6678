package md.personas.service;

import java.util.Locale;
import java.util.Map;
import md.personas.monitoring.FitStatistics;
import md.personas.monitoring.TableFit;
import md.personas.run.RunProgress;

/**
 * The body of {@code GET /metrics}: Prometheus text exposition format 0.0.4. Every family has a {@code # HELP} and
 * a {@code # TYPE} line, names carry the {@code moldova_personas_} prefix, counters end in {@code _total}, and the
 * monitor's statistics are gauges labelled by {@code table}. The narrative stage's families appear only when it
 * reports them (an LLM run).
 */
public final class PrometheusExposition {

    /** The media type Prometheus scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String PREFIX = "moldova_personas_";

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusExposition() {
    }

    public static String render(RunProgress.Snapshot s, NarrativeCounters llm) {
        PrometheusExposition m = new PrometheusExposition();
        long done = s.alreadyDone() + s.written();
        m.family("personas_target", "gauge", "Personas the run must produce.").sample("personas_target", s.total());
        m.family("personas_done", "gauge", "Personas in finished or pending output, resumed ones included.")
                .sample("personas_done", done);
        m.family("personas_written_total", "counter", "Personas written by this process.")
                .sample("personas_written_total", s.written());
        m.family("personas_failed_total", "counter", "Personas whose narrative failed in this process (dead letters).")
                .sample("personas_failed_total", s.failed());
        m.family("rate_personas_per_second", "gauge", "Mean personas written per second since the process started.")
                .sample("rate_personas_per_second", s.ratePerSecond());
        m.family("eta_seconds", "gauge", "Estimated seconds until every persona is written; NaN while unknown.")
                .sample("eta_seconds", s.etaSeconds());
        m.family("phase", "gauge", "The run's phase: 1 for the current one, 0 for the others.");
        for (RunProgress.Phase p : RunProgress.Phase.values()) {
            m.sample("phase", "phase", p.name().toLowerCase(Locale.ROOT), p == s.phase() ? 1 : 0);
        }
        if (s.lastVerdict() != null) {
            m.family("monitor_checkpoint_records", "gauge", "Records seen at the monitor's latest verdict.")
                    .sample("monitor_checkpoint_records", s.lastVerdict().checkpoint());
            m.family("monitor_passed", "gauge", "1 if every table passed at the latest verdict, else 0.")
                    .sample("monitor_passed", s.lastVerdict().passed() ? 1 : 0);
        }
        if (!s.latestFits().isEmpty()) {
            m.tables("table_records", "Records counted in the table at the latest checkpoint.", s, FitStatistics::n);
            m.tables("table_chi_square", "Pearson chi-square of the table against its census target.", s,
                    FitStatistics::chiSquare);
            m.tables("table_degrees_of_freedom", "Degrees of freedom of the chi-square (cells after pooling - 1).", s,
                    f -> f.degreesOfFreedom());
            m.tables("table_p_value", "Upper-tail p-value of the chi-square.", s, FitStatistics::pValue);
            m.tables("table_max_deviation_pp", "Largest cell deviation from the target, percentage points.", s,
                    FitStatistics::maxDeviationPp);
            m.tables("table_total_variation", "Total variation distance between observed and target shares.", s,
                    FitStatistics::totalVariation);
        }
        m.family("dead_letters_total", "counter", "Personas dead-lettered (retried by --resume).")
                .sample("dead_letters_total", llm.deadLetters().orElse(s.failed()));
        if (llm.present()) {
            llm.inFlight().ifPresent(v -> m.family("llm_in_flight", "gauge", "LLM calls in flight now.")
                    .sample("llm_in_flight", v));
            llm.concurrencyLimit().ifPresent(v -> m.family("llm_concurrency_limit", "gauge",
                    "The adaptive concurrency limit now.").sample("llm_concurrency_limit", v));
            llm.maxConcurrency().ifPresent(v -> m.family("llm_max_concurrency", "gauge",
                    "The configured ceiling of the concurrency limit (workers).").sample("llm_max_concurrency", v));
            llm.requestsPerMinute().ifPresent(v -> m.family("llm_requests_per_minute_limit", "gauge",
                    "The request-rate limit now; 0 = none.").sample("llm_requests_per_minute_limit", v));
            llm.tokensPerMinute().ifPresent(v -> m.family("llm_tokens_per_minute_limit", "gauge",
                    "The token-rate limit now; 0 = none.").sample("llm_tokens_per_minute_limit", v));
            if (llm.tokensIn().isPresent() || llm.tokensOut().isPresent()) {
                m.family("llm_tokens_total", "counter", "Tokens counted from the provider's usage, by direction.");
                llm.tokensIn().ifPresent(v -> m.sample("llm_tokens_total", "direction", "in", v));
                llm.tokensOut().ifPresent(v -> m.sample("llm_tokens_total", "direction", "out", v));
            }
            llm.costUsd().ifPresent(v -> m.family("llm_cost_usd_total", "counter",
                    "Cost so far in USD at the configured prices.").sample("llm_cost_usd_total", v));
            llm.budgetUsd().ifPresent(v -> m.family("llm_budget_usd", "gauge", "The budget cap in USD; 0 = none.")
                    .sample("llm_budget_usd", v));
            llm.calls().ifPresent(v -> m.family("llm_calls_total", "counter", "LLM calls made.")
                    .sample("llm_calls_total", v));
            if (!llm.retries().isEmpty()) {
                m.family("llm_retries_total", "counter", "Calls repeated or repaired, by cause.");
                llm.retries().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> m.sample("llm_retries_total", "cause", e.getKey(), e.getValue()));
            }
            m.endpoints(EndpointRows.of(llm));
        }
        return m.out.toString();
    }

    /** One series per LLM endpoint, labelled by its index and host (never a key). */
    private void endpoints(java.util.List<md.personas.narratives.llm.EndpointStats> endpoints) {
        if (endpoints.isEmpty()) {
            return;
        }
        family("llm_endpoint_up", "gauge", "1 while the endpoint takes work, 0 when it is out or refused the run.");
        endpoints.forEach(e -> sample("llm_endpoint_up", "endpoint", e.endpoint(), "up".equals(e.state()) ? 1 : 0));
        family("llm_endpoint_calls_total", "counter", "LLM calls sent to the endpoint.");
        endpoints.forEach(e -> sample("llm_endpoint_calls_total", "endpoint", e.endpoint(), e.calls()));
        family("llm_endpoint_failures_total", "counter",
                "LLM calls to the endpoint that failed (429, 5xx, timeouts, dropped connections, refusals).");
        endpoints.forEach(e -> sample("llm_endpoint_failures_total", "endpoint", e.endpoint(), e.failures()));
        family("llm_endpoint_tokens_total", "counter", "Tokens of the endpoint's answers, by direction.");
        for (var e : endpoints) {
            sample("llm_endpoint_tokens_total", "endpoint", e.endpoint(), "direction", "in", e.promptTokens());
            sample("llm_endpoint_tokens_total", "endpoint", e.endpoint(), "direction", "out", e.completionTokens());
        }
        family("llm_endpoint_cost_usd_total", "counter", "Cost of the endpoint's answers in USD at the configured "
                + "prices.");
        endpoints.forEach(e -> sample("llm_endpoint_cost_usd_total", "endpoint", e.endpoint(), e.costUsd()));
        family("llm_endpoint_in_flight", "gauge", "LLM calls in flight on the endpoint now.");
        endpoints.forEach(e -> sample("llm_endpoint_in_flight", "endpoint", e.endpoint(),
                e.throttle() == null ? 0 : e.throttle().inFlight()));
        family("llm_endpoint_concurrency_limit", "gauge", "The endpoint's adaptive concurrency limit now.");
        endpoints.forEach(e -> sample("llm_endpoint_concurrency_limit", "endpoint", e.endpoint(),
                e.throttle() == null ? 0 : e.throttle().concurrencyLimit()));
    }

    private void sample(String name, String label, String labelValue, String label2, String labelValue2,
                        double value) {
        out.append(PREFIX).append(name).append('{').append(label).append("=\"").append(escape(labelValue))
                .append("\",").append(label2).append("=\"").append(escape(labelValue2)).append("\"} ")
                .append(value(value)).append('\n');
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private interface Statistic {
        double of(FitStatistics f);
    }

    private void tables(String name, String help, RunProgress.Snapshot s, Statistic statistic) {
        family(name, "gauge", help);
        for (TableFit fit : s.latestFits()) {
            sample(name, "table", fit.name(), statistic.of(fit.fit()));
        }
    }

    private PrometheusExposition family(String name, String type, String help) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
        return this;
    }

    private void sample(String name, double value) {
        out.append(PREFIX).append(name).append(' ').append(value(value)).append('\n');
    }

    private void sample(String name, String label, String labelValue, double value) {
        out.append(PREFIX).append(name).append('{').append(label).append("=\"")
                .append(labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"} ").append(value(value)).append('\n');
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
