package md.personas.narratives.llm;

import java.util.ArrayList;
import java.util.List;
import md.personas.narratives.throttle.ThrottleSettings;
import md.personas.narratives.throttle.ThrottleSnapshot;

/**
 * The run's limits as totals over its endpoints, and a change of a total shared among them. An operator who sets
 * {@code workers}, {@code requests-per-minute} or {@code tokens-per-minute} at run time ({@code /throttle}, the hot
 * reload) sets the run's total; each endpoint gets a share in proportion to its limit now, so their ratios stay as
 * configured. With one endpoint, the total is its limit.
 */
final class EndpointLimits {

    private EndpointLimits() {
    }

    /** Workers and both rates summed (a rate of 0, no limit, on any endpoint makes the total 0); the rest of the first. */
    static ThrottleSettings total(List<ThrottleSettings> limits) {
        ThrottleSettings first = limits.get(0);
        if (limits.size() == 1) {
            return first;
        }
        int workers = limits.stream().mapToInt(ThrottleSettings::maxConcurrency).sum();
        return first.withMaxConcurrency(workers)
                .withRequestsPerMinute(sum(limits.stream().mapToDouble(ThrottleSettings::requestsPerMinute).toArray()))
                .withTokensPerMinute(sum(limits.stream().mapToDouble(ThrottleSettings::tokensPerMinute).toArray()));
    }

    /** Each endpoint's limits after the run's total became {@code total}; what did not change stays. */
    static List<ThrottleSettings> share(ThrottleSettings total, List<ThrottleSettings> limits) {
        if (limits.size() == 1) {
            return List.of(total);
        }
        ThrottleSettings before = total(limits);
        int n = limits.size();
        List<ThrottleSettings> out = new ArrayList<>();
        int workersLeft = total.maxConcurrency();
        for (int i = 0; i < n; i++) {
            ThrottleSettings l = limits.get(i);
            if (total.maxConcurrency() != before.maxConcurrency()) {
                // Rounded shares that add up to the total (each at least 1).
                int w = i == n - 1 ? workersLeft : (int) Math.round((double) total.maxConcurrency()
                        * l.maxConcurrency() / before.maxConcurrency());
                w = Math.max(1, Math.min(w, workersLeft - (n - 1 - i)));
                workersLeft -= w;
                l = l.withMaxConcurrency(Math.max(1, w));
            }
            if (total.requestsPerMinute() != before.requestsPerMinute()) {
                l = l.withRequestsPerMinute(rateShare(total.requestsPerMinute(), before.requestsPerMinute(),
                        l.requestsPerMinute(), n, ThrottleSettings.MIN_REQUESTS_PER_MINUTE));
            }
            if (total.tokensPerMinute() != before.tokensPerMinute()) {
                l = l.withTokensPerMinute(rateShare(total.tokensPerMinute(), before.tokensPerMinute(),
                        l.tokensPerMinute(), n, ThrottleSettings.MIN_TOKENS_PER_MINUTE));
            }
            out.add(l);
        }
        return out;
    }

    /** The endpoints' snapshots as one: counts and limits summed, the circuit CLOSED only when all are. */
    static ThrottleSnapshot total(List<ThrottleSnapshot> snapshots, int queuedInRouter) {
        int inFlight = 0;
        int queued = queuedInRouter;
        int limit = 0;
        int max = 0;
        long cuts = 0;
        long outages = 0;
        long released = 0;
        String circuit = "CLOSED";
        for (ThrottleSnapshot s : snapshots) {
            inFlight += s.inFlight();
            queued += s.queued();
            limit += s.concurrencyLimit();
            max += s.maxConcurrency();
            cuts += s.concurrencyCuts();
            outages += s.outages();
            released += s.released();
            if (!"CLOSED".equals(s.circuit())) {
                circuit = snapshots.size() == 1 ? s.circuit() : "PARTLY_OPEN";
            }
        }
        double rpm = sum(snapshots.stream().mapToDouble(ThrottleSnapshot::requestsPerMinute).toArray());
        double tpm = sum(snapshots.stream().mapToDouble(ThrottleSnapshot::tokensPerMinute).toArray());
        return new ThrottleSnapshot(inFlight, queued, limit, max, cuts, circuit, outages, released, rpm, tpm);
    }

    /** A sum of rates, 0 (no limit) when any of them is 0. */
    private static double sum(double[] rates) {
        double total = 0;
        for (double r : rates) {
            if (r <= 0) {
                return 0;
            }
            total += r;
        }
        return total;
    }

    private static double rateShare(double total, double before, double mine, int n, double min) {
        if (total <= 0) {
            return 0;
        }
        double share = before > 0 ? total * mine / before : total / n;
        return Math.max(min, share);
    }
}
