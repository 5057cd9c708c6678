package md.personas.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import md.personas.monitoring.FitStatistics;
import md.personas.monitoring.MonitorVerdict;
import md.personas.monitoring.TableFit;
import md.personas.run.RunProgress;

/**
 * The body of {@code GET /status}: one JSON object with snake_case fields. Numbers that are not known (the ETA
 * before the first record, the LLM counters of an offline run) are {@code null}, never NaN, so any JSON parser reads
 * it.
 *
 * <pre>
 * phase, total, already_done, written, done, failed, remaining, progress, rate_per_second, eta_seconds,
 * started, elapsed_seconds, in_flight, concurrency_limit, max_concurrency, requests_per_minute, tokens_per_minute,
 * tokens_in, tokens_out, cost_usd, budget_usd, calls, retries {cause: n}, dead_letters,
 * endpoints [{endpoint, model, state, calls, answered, failures, tokens_in, tokens_out, cost_usd, mean_latency_ms,
 * in_flight, concurrency_limit, max_concurrency, circuit, requests_per_minute, tokens_per_minute}],
 * monitor {checkpoint, passed, table, reason}, tables [{name, n, chi_square, df, p_value, max_deviation_pp,
 * worst_cell, total_variation}], marginals [{name, cells [{label, observed, target}]}],
 * throughput [{seconds, done, rate}], narrative {the narrative stage's own stats, as they are}
 * </pre>
 */
public final class StatusReport {

    /** The marginals the dashboard draws as observed-vs-target bars, in this order. */
    public static final List<String> MAIN_MARGINALS = List.of("region", "ethnicity", "sex", "age_group",
            "residence_type", "education_level", "employment_status");

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusReport() {
    }

    public static ObjectNode of(RunProgress.Snapshot s, NarrativeCounters llm, List<ThroughputHistory.Sample> history,
                                Instant now) {
        ObjectNode o = JSON.createObjectNode();
        long done = s.alreadyDone() + s.written();
        o.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
        o.put("total", s.total());
        o.put("already_done", s.alreadyDone());
        o.put("written", s.written());
        o.put("done", done);
        o.put("failed", s.failed());
        o.put("remaining", Math.max(0, s.total() - done));
        number(o, "progress", s.total() > 0 ? (double) done / s.total() : 0);
        number(o, "rate_per_second", s.ratePerSecond());
        number(o, "eta_seconds", s.etaSeconds());
        o.put("started", s.started().toString());
        number(o, "elapsed_seconds", Duration.between(s.started(), now).toMillis() / 1000.0);
        whole(o, "in_flight", llm.inFlight());
        whole(o, "concurrency_limit", llm.concurrencyLimit());
        whole(o, "max_concurrency", llm.maxConcurrency());
        real(o, "requests_per_minute", llm.requestsPerMinute());
        real(o, "tokens_per_minute", llm.tokensPerMinute());
        whole(o, "tokens_in", llm.tokensIn());
        whole(o, "tokens_out", llm.tokensOut());
        real(o, "cost_usd", llm.costUsd());
        real(o, "budget_usd", llm.budgetUsd());
        whole(o, "calls", llm.calls());
        ObjectNode retries = o.putObject("retries");
        llm.retries().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> retries.put(e.getKey(), e.getValue()));
        o.put("dead_letters", llm.deadLetters().orElse(s.failed()));
        o.set("endpoints", EndpointRows.status(EndpointRows.of(llm)));
        o.set("monitor", monitor(s.lastVerdict()));
        ArrayNode tables = o.putArray("tables");
        for (TableFit fit : s.latestFits()) {
            tables.add(table(fit));
        }
        ArrayNode marginals = o.putArray("marginals");
        for (String name : MAIN_MARGINALS) {
            s.latestFits().stream().filter(f -> f.name().equals(name)).findFirst()
                    .ifPresent(fit -> marginals.add(marginal(fit)));
        }
        ArrayNode throughput = o.putArray("throughput");
        for (ThroughputHistory.Sample sample : history) {
            ObjectNode p = throughput.addObject();
            number(p, "seconds", sample.seconds());
            p.put("done", sample.done());
            number(p, "rate", sample.rate());
        }
        if (llm.present()) {
            o.set("narrative", llm.raw());
        } else {
            o.putNull("narrative");
        }
        return o;
    }

    private static ObjectNode monitor(MonitorVerdict v) {
        ObjectNode m = JSON.createObjectNode();
        if (v == null) {
            m.putNull("checkpoint");
            m.putNull("passed");
            m.put("table", "");
            m.put("reason", "");
            return m;
        }
        m.put("checkpoint", v.checkpoint());
        m.put("passed", v.passed());
        m.put("table", v.table());
        m.put("reason", v.reason());
        return m;
    }

    private static ObjectNode table(TableFit fit) {
        FitStatistics f = fit.fit();
        ObjectNode t = JSON.createObjectNode();
        t.put("name", fit.name());
        t.put("n", f.n());
        number(t, "chi_square", f.chiSquare());
        t.put("df", f.degreesOfFreedom());
        number(t, "p_value", f.pValue());
        number(t, "max_deviation_pp", f.maxDeviationPp());
        if (f.worstCell() >= 0) {
            t.put("worst_cell", fit.target().cellLabel(f.worstCell()));
        } else {
            t.putNull("worst_cell");
        }
        number(t, "total_variation", f.totalVariation());
        return t;
    }

    private static ObjectNode marginal(TableFit fit) {
        ObjectNode m = JSON.createObjectNode();
        m.put("name", fit.name());
        m.put("n", fit.fit().n());
        ArrayNode cells = m.putArray("cells");
        for (int c = 0; c < fit.target().size(); c++) {
            ObjectNode cell = cells.addObject();
            cell.put("label", fit.target().cellLabel(c));
            number(cell, "observed", fit.observedShare(c));
            number(cell, "target", fit.target().shares()[c]);
        }
        return m;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static void whole(ObjectNode o, String field, OptionalLong v) {
        if (v.isPresent()) {
            o.put(field, v.getAsLong());
        } else {
            o.putNull(field);
        }
    }

    private static void real(ObjectNode o, String field, OptionalDouble v) {
        if (v.isPresent()) {
            number(o, field, v.getAsDouble());
        } else {
            o.putNull(field);
        }
    }
}
