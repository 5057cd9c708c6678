package md.personas.scaleout;

/**
 * A message that crosses the network between cluster nodes; serialized by {@link ClusterMessageSerializer}
 * (bound to this interface in {@code cluster.conf}), never by Java serialization.
 */
public interface ClusterMessage { }
