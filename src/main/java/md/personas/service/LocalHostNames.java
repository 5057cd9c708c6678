package md.personas.service;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code Host} names a status server bound to loopback answers: the interface it is bound to, {@code localhost},
 * {@code 127.0.0.1} and {@code [::1]}, with any port. A web page the operator visits can make the browser resolve
 * its own domain name to 127.0.0.1 (DNS rebinding) and read the status, or post to the control endpoints; such a
 * request still carries the page's domain in {@code Host}, and is refused.
 */
final class LocalHostNames {

    private final Set<String> names;

    /** @param boundInterface the configured interface (e.g. 127.0.0.1, localhost, ::1) */
    LocalHostNames(String boundInterface) {
        this.names = Set.copyOf(List.of("localhost", "127.0.0.1", "[::1]", "::1", bare(boundInterface)));
    }

    /** Whether a request with this {@code Host} header value is for this server; no header (HTTP/1.0) is. */
    boolean admits(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return true;
        }
        return names.contains(bare(hostHeader));
    }

    /** The host of a {@code host[:port]} value, lower case, IPv6 kept in brackets. */
    private static String bare(String hostAndPort) {
        String h = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(0, close + 1) : h;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon); // host:port; a bare IPv6 address has several colons
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
