package md.personas.service;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import md.personas.messages.OneLine;
import md.personas.run.RunFailure;

/**
 * The status server's settings, from {@code personas.http} (README, "Configuration").
 *
 * @param enabled whether a run starts the server at all
 * @param host the interface to bind (127.0.0.1 by default)
 * @param port the port; 0 takes any free one
 * @param controlTokenEnv the NAME of the environment variable holding the bearer token of {@code /control}; the
 *                        token itself is never in a file
 */
public record HttpSettings(boolean enabled, String host, int port, String controlTokenEnv) {

    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw RunFailure.usage("personas.http.port must be between 0 and 65535 (is " + port + ")");
        }
        if (host == null || host.isBlank()) {
            throw RunFailure.usage("personas.http.interface must name an interface, e.g. 127.0.0.1");
        }
    }

    /** Loopback on the given port, control token from {@code PERSONAS_CONTROL_TOKEN}. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings(true, "127.0.0.1", port, "PERSONAS_CONTROL_TOKEN");
    }

    /**
     * Reads {@code personas.http} of the effective configuration, absent keys from reference.conf; a bad key is a
     * usage error (exit 2).
     */
    public static HttpSettings from(Config config) {
        try {
            Config h = config.withFallback(ConfigFactory.defaultReference()).getConfig("personas.http");
            return new HttpSettings(h.getBoolean("enabled"), h.getString("interface"), h.getInt("port"),
                    h.getString("control-token-env"));
        } catch (ConfigException e) {
            throw RunFailure.usage("configuration: " + OneLine.of(e.getMessage())
                    + "; see personas.http in conf/application.conf");
        }
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(enabled, host, newPort, controlTokenEnv);
    }

    public HttpSettings withHost(String newHost) {
        return new HttpSettings(enabled, newHost, port, controlTokenEnv);
    }

    /** Whether the interface is a loopback address (only this machine can connect). */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw RunFailure.usage("personas.http.interface '" + host + "' is not a known address of this machine");
        }
    }

    /**
     * Refuses to expose the server beyond this machine without a control token: anyone who can reach the port
     * could otherwise not be told apart from the operator (the control endpoints would answer 401 to everybody,
     * but the status, which names the configuration, would still be public by mistake).
     */
    public void checkExposure(Optional<ControlToken> token) {
        if (enabled && token.isEmpty() && !loopback()) {
            throw RunFailure.usage("personas.http.interface is " + host + ", which is not loopback, and no control "
                    + "token is set: export " + (controlTokenEnv.isBlank() ? "the variable named by "
                    + "personas.http.control-token-env" : controlTokenEnv) + " or bind 127.0.0.1");
        }
    }
}
