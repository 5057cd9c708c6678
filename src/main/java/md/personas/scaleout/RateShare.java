package md.personas.scaleout;

import md.personas.narratives.throttle.ThrottleSettings;
import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured request and token rates are the whole run's (one provider account's), not one process's: a shard
 * of N, or a cluster node among N live nodes, narrates at 1/N of each. Changes from {@code /control/throttle} or a
 * hot reload are taken as whole-run rates too and divided the same way; a cluster re-divides when nodes join or
 * leave, so the live nodes together always stay within the configured limits. Workers are per process and pass
 * through unchanged. A share is never set below the slowest rate the limiter accepts.
 */
public final class RateShare implements ThrottleControl {

    private static final Logger LOG = LoggerFactory.getLogger(RateShare.class);

    private final ThrottleControl process;
    private double requestsPerMinute;
    private double tokensPerMinute;
    private int shares;

    /** {@code process} limits this process; the rates are the whole run's; {@code shares} processes share them. */
    public RateShare(ThrottleControl process, double requestsPerMinute, double tokensPerMinute, int shares) {
        this.process = process;
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerMinute = tokensPerMinute;
        this.shares = Math.max(1, shares);
        applyShare(ThrottleChange.none());
    }

    /** Whole-run rates (and this process's workers) from the operator: this process takes its share. */
    @Override
    public synchronized void apply(ThrottleChange change) {
        change.requestsPerMinute().ifPresent(r -> requestsPerMinute = r);
        change.tokensPerMinute().ifPresent(t -> tokensPerMinute = t);
        applyShare(change.workers().isPresent()
                ? ThrottleChange.none().withWorkers(change.workers().getAsInt()) : ThrottleChange.none());
    }

    /** The number of processes sharing the rates changed (a cluster node joined or left). */
    public synchronized void shares(int n) {
        int next = Math.max(1, n);
        if (next != shares) {
            shares = next;
            applyShare(ThrottleChange.none());
        }
    }

    public synchronized int shares() {
        return shares;
    }

    /** The request rate this process is limited to now (0 = none). */
    public synchronized double processRequestsPerMinute() {
        return share(requestsPerMinute, ThrottleSettings.MIN_REQUESTS_PER_MINUTE);
    }

    /** The token rate this process is limited to now (0 = none). */
    public synchronized double processTokensPerMinute() {
        return share(tokensPerMinute, ThrottleSettings.MIN_TOKENS_PER_MINUTE);
    }

    private void applyShare(ThrottleChange base) {
        double rpm = processRequestsPerMinute();
        double tpm = processTokensPerMinute();
        process.apply(base.withRequestsPerMinute(rpm).withTokensPerMinute(tpm));
        LOG.info("rate share: 1/{} of the run's limits, {} requests and {} tokens per minute in this process",
                shares, fmt(rpm), fmt(tpm));
    }

    private double share(double whole, double min) {
        return whole == 0 ? 0 : Math.max(min, whole / shares);
    }

    private static String fmt(double v) {
        return v == 0 ? "unlimited" : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
