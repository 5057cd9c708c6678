package md.personas.narratives.throttle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * New limits for the narrative stage, any subset of them: from {@code POST /control/throttle} or from an edit of
 * the throttle keys in the configuration file. Absent values stay as they are.
 *
 * @param workers calls in flight at most (the adaptive limit's ceiling), {@code personas.narratives.workers}
 * @param requestsPerMinute the request-rate limit, 0 = none, {@code personas.narratives.requests-per-minute}
 * @param tokensPerMinute the token-rate limit, 0 = none, {@code personas.narratives.tokens-per-minute}
 */
public record ThrottleChange(OptionalInt workers, OptionalDouble requestsPerMinute, OptionalDouble tokensPerMinute) {

    /** The JSON field names of {@code POST /control/throttle}. */
    public static final List<String> FIELDS = List.of("workers", "requests_per_minute", "tokens_per_minute");

    public ThrottleChange {
        if (workers.isPresent() && workers.getAsInt() < 1) {
            throw new IllegalArgumentException("workers must be at least 1 (is " + workers.getAsInt() + ")");
        }
        check("requests_per_minute", requestsPerMinute, ThrottleSettings.MIN_REQUESTS_PER_MINUTE);
        check("tokens_per_minute", tokensPerMinute, ThrottleSettings.MIN_TOKENS_PER_MINUTE);
    }

    private static void check(String name, OptionalDouble value, double min) {
        if (value.isPresent()) {
            ThrottleSettings.checkRate(name, value.getAsDouble(), min);
        }
    }

    public static ThrottleChange none() {
        return new ThrottleChange(OptionalInt.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    public ThrottleChange withWorkers(int n) {
        return new ThrottleChange(OptionalInt.of(n), requestsPerMinute, tokensPerMinute);
    }

    public ThrottleChange withRequestsPerMinute(double rpm) {
        return new ThrottleChange(workers, OptionalDouble.of(rpm), tokensPerMinute);
    }

    public ThrottleChange withTokensPerMinute(double tpm) {
        return new ThrottleChange(workers, requestsPerMinute, OptionalDouble.of(tpm));
    }

    public boolean isEmpty() {
        return workers.isEmpty() && requestsPerMinute.isEmpty() && tokensPerMinute.isEmpty();
    }

    /**
     * Reads a JSON object with any subset of {@link #FIELDS}. Unknown fields, values of the wrong type and an empty
     * object are refused with an {@link IllegalArgumentException} whose message is fit for the caller.
     */
    public static ThrottleChange fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with any of " + FIELDS);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; expected any of " + FIELDS);
            }
        }
        OptionalInt workers = OptionalInt.empty();
        JsonNode w = body.get("workers");
        if (w != null) {
            if (!w.canConvertToInt() || !w.isIntegralNumber()) {
                throw new IllegalArgumentException("workers must be a whole number");
            }
            workers = OptionalInt.of(w.intValue());
        }
        ThrottleChange change = new ThrottleChange(workers, number(body, "requests_per_minute"),
                number(body, "tokens_per_minute"));
        if (change.isEmpty()) {
            throw new IllegalArgumentException("nothing to change; expected any of " + FIELDS);
        }
        return change;
    }

    private static OptionalDouble number(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null) {
            return OptionalDouble.empty();
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return OptionalDouble.of(n.doubleValue());
    }

    /** For log lines and responses, e.g. {@code workers=8, requests-per-minute=300}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        workers.ifPresent(n -> parts.add("workers=" + n));
        requestsPerMinute.ifPresent(r -> parts.add("requests-per-minute=" + plain(r)));
        tokensPerMinute.ifPresent(t -> parts.add("tokens-per-minute=" + plain(t)));
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    public static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
