package md.personas.narratives.llm;

import java.util.List;
import java.util.Map;

/**
 * Token counts before the provider counts them: prompt characters over a chars-per-token ratio for Romanian,
 * completion size from the characters a good answer spends on each requested field. Both are calibrated on the
 * {@code usage} the provider returns (a smoothed observed ratio), so the token-rate throttle charges close to the
 * truth after a few calls. Budget reservations use the cautious side: the smaller of the configured and the
 * observed ratio, and the completion cap {@code max_tokens}.
 */
final class TokenEstimator {

    private static final double SMOOTHING = 0.1;
    private static final int MIN_REPAIR_TOKENS = 256;
    private static final double REPAIR_HEADROOM = 3.0;

    private final double configuredCharsPerToken;
    private final Map<String, Integer> expectedChars;
    private final int jsonCharsPerField;
    private final int maxCompletionTokens;
    private double promptCharsPerToken;
    private double completionCalibration = 1.0;
    private boolean observed;

    TokenEstimator(double charsPerToken, Map<String, Integer> expectedChars, int jsonCharsPerField,
                   int maxCompletionTokens) {
        this.configuredCharsPerToken = charsPerToken;
        this.promptCharsPerToken = charsPerToken;
        this.expectedChars = Map.copyOf(expectedChars);
        this.jsonCharsPerField = jsonCharsPerField;
        this.maxCompletionTokens = maxCompletionTokens;
    }

    synchronized long promptTokens(int chars) {
        return (long) Math.ceil(chars / promptCharsPerToken);
    }

    /** Prompt tokens for a budget reservation: never fewer than the configured ratio gives. */
    synchronized long promptTokensCautious(int chars) {
        return (long) Math.ceil(chars / Math.min(configuredCharsPerToken, promptCharsPerToken));
    }

    /** Characters a good answer with these fields holds. */
    long expectedCompletionChars(List<String> fields) {
        long chars = 2;
        for (String f : fields) {
            chars += expectedChars.getOrDefault(f, 300) + jsonCharsPerField;
        }
        return chars;
    }

    synchronized long expectedCompletionTokens(List<String> fields) {
        return (long) Math.ceil(expectedCompletionChars(fields) / configuredCharsPerToken * completionCalibration);
    }

    /** {@code max_tokens}: the configured cap for a first request, a generous multiple of the estimate for a repair. */
    int maxTokens(List<String> fields, boolean first) {
        if (first) {
            return maxCompletionTokens;
        }
        long uncalibrated = (long) Math.ceil(expectedCompletionChars(fields) / configuredCharsPerToken);
        return (int) Math.min(maxCompletionTokens, Math.max(MIN_REPAIR_TOKENS, uncalibrated * REPAIR_HEADROOM));
    }

    /** Learns from one answered call's {@code usage}. */
    synchronized void observe(int promptChars, long promptTokens, long expectedCompletion, long actualCompletion) {
        if (promptTokens > 0) {
            double ratio = (double) promptChars / promptTokens;
            promptCharsPerToken = observed ? promptCharsPerToken + SMOOTHING * (ratio - promptCharsPerToken) : ratio;
            observed = true;
        }
        if (expectedCompletion > 0 && actualCompletion > 0) {
            double factor = completionCalibration * actualCompletion / expectedCompletion;
            factor = Math.max(0.3, Math.min(3.0, factor));
            completionCalibration += SMOOTHING * (factor - completionCalibration);
        }
    }

    /** The prompt chars-per-token ratio observed so far (the configured one before any usage). */
    synchronized double observedCharsPerToken() {
        return promptCharsPerToken;
    }
}
