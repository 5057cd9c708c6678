package md.personas.narratives.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * Watches whether the provider still gives usable answers (a chat completion with text, whatever the contract
 * later says of it). Two verdicts:
 * <ul>
 *   <li>a <b>warning</b>, once per outage, as soon as {@value #SAME_FAILURES_TO_WARN} calls in a row have failed
 *       the same way or every call has failed for {@link #WARN_AFTER}: a wrong base-url or port must not look like
 *       a stalled run;</li>
 *   <li><b>giving up</b> when no usable answer has come for {@code give-up-after} (counted from the last usable
 *       answer, or from the first call) and calls have failed meanwhile: every failure, outage or not, counts, so
 *       a provider that is down, hangs, drips, or answers 429 forever ends the run instead of holding it forever.</li>
 * </ul>
 * Thread-safe; the clock is a monotonic nanosecond clock passed in by the caller.
 */
final class OutageWatch {

    static final int SAME_FAILURES_TO_WARN = 3;
    static final Duration WARN_AFTER = Duration.ofSeconds(10);
    /** How a timed-out call is described (see {@link LlmNarrativeWriter}). */
    static final String TIMEOUT = "no complete answer within";

    /** What the watch concludes after a failure or a tick. */
    record Verdict(Optional<String> warning, Optional<String> giveUp) {
        static final Verdict NONE = new Verdict(Optional.empty(), Optional.empty());
    }

    private final String baseUrl;
    private final long giveUpNanos;
    private long since = Long.MIN_VALUE; // last usable answer, or the first call; MIN_VALUE before any call
    private long firstFailure;
    private int failures;
    private int sameInARow;
    private String last;
    /** The last failure that was not a timeout: a timeout says less than what came before it. */
    private String lastTelling;
    private boolean warned;
    private boolean gaveUp;

    OutageWatch(String baseUrl, Duration giveUpAfter) {
        this.baseUrl = baseUrl;
        this.giveUpNanos = giveUpAfter.toNanos();
    }

    /** A call is about to go. */
    synchronized void calling(long now) {
        if (since == Long.MIN_VALUE) {
            since = now;
        }
    }

    /** The provider gave a usable answer: whatever failed before was passing. */
    synchronized void answered(long now) {
        since = now;
        failures = 0;
        sameInARow = 0;
        last = null;
        lastTelling = null;
        warned = false;
        gaveUp = false; // an endpoint that came back may be given up on again in a later outage
    }

    /** A call failed; {@code what} says how, in one line (status, content type, first words; or the connection). */
    synchronized Verdict failed(long now, String what) {
        if (since == Long.MIN_VALUE) {
            since = now;
        }
        if (failures == 0) {
            firstFailure = now;
        }
        failures++;
        sameInARow = what.equals(last) ? sameInARow + 1 : 1;
        last = what;
        if (!what.startsWith(TIMEOUT)) {
            lastTelling = what;
        }
        return verdict(now);
    }

    /** Checked every so often, so that a pause or a hang cannot postpone giving up. */
    synchronized Verdict tick(long now) {
        return failures == 0 ? Verdict.NONE : verdict(now);
    }

    private Verdict verdict(long now) {
        Optional<String> warning = Optional.empty();
        if (!warned && (sameInARow >= SAME_FAILURES_TO_WARN || now - firstFailure >= WARN_AFTER.toNanos())) {
            warned = true;
            warning = Optional.of("every call to " + baseUrl + " fails: " + last + hint(last));
        }
        Optional<String> giveUp = Optional.empty();
        if (!gaveUp && now - since >= giveUpNanos) {
            gaveUp = true;
            giveUp = Optional.of("the LLM provider gave no usable answer for " + human(Duration.ofNanos(now - since))
                    + " (outage.give-up-after = " + human(Duration.ofNanos(giveUpNanos)) + "); it last answered: "
                    + last + (last.startsWith(TIMEOUT) && lastTelling != null ? "; before that: " + lastTelling : ""));
        }
        return new Verdict(warning, giveUp);
    }

    private static String hint(String what) {
        if (what.startsWith("connection refused") || what.startsWith("unknown host") || what.startsWith("HTTP 404")) {
            return " — is base-url right?";
        }
        return " — the run waits and retries; it gives up when no usable answer comes for outage.give-up-after";
    }

    static String human(Duration d) {
        if (d.toMillis() < 10_000 && d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        return s < 7200 ? (s / 60) + " min" : String.format(java.util.Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
