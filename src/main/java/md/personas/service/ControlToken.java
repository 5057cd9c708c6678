package md.personas.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token that guards {@code /control}. It is read from the environment, compared in constant time and
 * never printed: {@link #toString()} hides it.
 */
public final class ControlToken {

    /** Tokens shorter than this are accepted but reported as weak at start-up. */
    public static final int RECOMMENDED_LENGTH = 16;

    private final byte[] digest;
    private final int length;

    private ControlToken(String token) {
        this.digest = sha256(token);
        this.length = token.length();
    }

    /** The token in the variable {@code variable} of {@code environment}; absent when unnamed, unset or blank. */
    public static Optional<ControlToken> fromEnvironment(String variable, Map<String, String> environment) {
        if (variable == null || variable.isBlank()) {
            return Optional.empty();
        }
        String value = environment.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new ControlToken(value.strip()));
    }

    public static ControlToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a control token must not be blank");
        }
        return new ControlToken(token.strip());
    }

    public boolean weak() {
        return length < RECOMMENDED_LENGTH;
    }

    /**
     * Whether an {@code Authorization} header value carries this token. Digests of equal length are compared
     * with {@link MessageDigest#isEqual}, so the time taken tells neither the token's length nor its prefix.
     */
    public boolean admits(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        String h = authorizationHeader.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(h.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ControlToken[hidden]";
    }
}
