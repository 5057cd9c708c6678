package md.personas.scaleout;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import md.personas.run.CommandLine;
import md.personas.run.RunFailure;

/**
 * Cluster mode from the command line: {@code --cluster-port P --cluster-seed HOST:PORT[,HOST:PORT...]
 * [--cluster-host H]}. Every node runs the same generate command over one shared output directory; the seed nodes
 * are the nodes a starting node contacts to join (list the same ones on every node; a seed that is down is fine as
 * long as one listed node is up). {@code --cluster-host} is the address other nodes reach this one at (default:
 * this machine's address as Pekko finds it).
 */
public record ClusterSettings(int port, Optional<String> host, List<String> seeds) {

    /** The actor system's name: part of every node address, the same on every node. */
    public static final String SYSTEM = "moldova-personas";

    /** The cluster settings the command line asks for, if it names a cluster port or seed. */
    public static Optional<ClusterSettings> of(CommandLine line) {
        boolean any = line.has("--cluster-port") || line.has("--cluster-seed") || line.has("--cluster-host");
        if (!any) {
            return Optional.empty();
        }
        if (!line.has("--cluster-port") || !line.has("--cluster-seed")) {
            throw RunFailure.usage("cluster mode needs both --cluster-port P (this node's port) and --cluster-seed "
                    + "HOST:PORT[,HOST:PORT...] (nodes to join through, the same list on every node)");
        }
        if (line.has("--shard")) {
            throw RunFailure.usage("--shard and cluster mode are two ways to split a run; choose one");
        }
        int port = port("--cluster-port", line.flag("--cluster-port"));
        List<String> seeds = new ArrayList<>();
        for (String s : line.flag("--cluster-seed").split(",")) {
            String seed = s.strip();
            int colon = seed.lastIndexOf(':');
            if (colon <= 0 || colon == seed.length() - 1) {
                throw RunFailure.usage("--cluster-seed needs HOST:PORT[,HOST:PORT...], not '" + s + "'");
            }
            seeds.add(seed.substring(0, colon) + ":" + port("--cluster-seed", seed.substring(colon + 1)));
        }
        Optional<String> host = Optional.ofNullable(line.flag("--cluster-host")).map(String::strip)
                .filter(h -> !h.isEmpty());
        if (line.has("--cluster-host") && host.isEmpty()) {
            throw RunFailure.usage("--cluster-host needs a host name or address");
        }
        return Optional.of(new ClusterSettings(port, host, List.copyOf(seeds)));
    }

    private static int port(String flag, String text) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw RunFailure.usage(flag + ": a port is a whole number from 1 to 65535, not '" + text + "'");
    }

    /** {@code application} with this node's cluster settings laid over it (see {@code cluster.conf}). */
    public Config overlay(Config application) {
        Map<String, Object> node = new HashMap<>();
        node.put("pekko.remote.artery.canonical.port", port);
        host.ifPresent(h -> node.put("pekko.remote.artery.canonical.hostname", h));
        node.put("pekko.cluster.seed-nodes", seeds.stream().map(s -> "pekko://" + SYSTEM + "@" + s).toList());
        return ConfigFactory.parseMap(node, "command line")
                .withFallback(ConfigFactory.parseResources(ClusterSettings.class.getClassLoader(), "cluster.conf"))
                .resolve()
                .withFallback(application);
    }
}
