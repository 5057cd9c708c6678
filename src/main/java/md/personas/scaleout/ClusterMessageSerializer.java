package md.personas.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import md.personas.scaleout.RangeCoordinator.AllDone;
import md.personas.scaleout.RangeCoordinator.Assigned;
import md.personas.scaleout.RangeCoordinator.Claim;
import md.personas.scaleout.RangeCoordinator.ClaimReply;
import md.personas.scaleout.RangeCoordinator.Finished;
import md.personas.scaleout.RangeCoordinator.Holding;
import md.personas.scaleout.RangeCoordinator.NextWork;
import md.personas.scaleout.RangeCoordinator.NodeGone;
import md.personas.scaleout.RangeCoordinator.Wait;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The wire form of the coordinator's messages: small JSON objects (Jackson), the message's name as manifest, actor
 * references in Pekko's own string form. Written by hand for eight small records rather than bringing a second
 * Jackson stack (pekko-serialization-jackson pulls jackson-module-scala), and never Java serialization.
 */
public final class ClusterMessageSerializer extends SerializerWithStringManifest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;

    public ClusterMessageSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    private ActorRefResolver resolver() {
        if (resolver == null) {
            resolver = ActorRefResolver.get(Adapter.toTyped(system));
        }
        return resolver;
    }

    @Override
    public int identifier() {
        return 7_315_001; // any fixed number unique among this system's serializers
    }

    @Override
    public String manifest(Object o) {
        return o.getClass().getSimpleName();
    }

    @Override
    public byte[] toBinary(Object o) {
        ObjectNode n = JSON.createObjectNode();
        if (o instanceof Claim c) {
            n.put("range", c.range()).put("node", c.node()).put("reply", ref(c.replyTo()));
        } else if (o instanceof ClaimReply r) {
            n.put("range", r.range()).put("granted", r.granted()).put("reclaimed", r.reclaimed());
        } else if (o instanceof Finished f) {
            n.put("node", f.node()).set("ranges", ints(f.ranges()));
        } else if (o instanceof Holding h) {
            n.put("node", h.node()).set("claimed", ints(h.claimed()));
            n.set("finished", ints(h.finished()));
        } else if (o instanceof NextWork w) {
            n.put("node", w.node()).put("reply", ref(w.replyTo()));
        } else if (o instanceof NodeGone g) {
            n.put("node", g.node()).put("downed", g.downed());
        } else if (o instanceof Assigned a) {
            n.set("ranges", ints(a.ranges()));
        } else if (o instanceof AllDone d) {
            n.put("release", d.release());
        } else if (!(o instanceof Wait)) {
            throw new IllegalArgumentException("not a cluster message: " + o.getClass());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new NotSerializableException("unreadable " + manifest + ": " + e.getMessage());
        }
        return switch (manifest) {
            case "Claim" -> new Claim(n.get("range").asInt(), n.get("node").asText(), resolve(n.get("reply")));
            case "ClaimReply" -> new ClaimReply(n.get("range").asInt(), n.get("granted").asBoolean(),
                    n.path("reclaimed").asBoolean());
            case "Finished" -> new Finished(ints(n.get("ranges")), n.get("node").asText());
            case "Holding" -> new Holding(ints(n.get("claimed")), ints(n.get("finished")), n.get("node").asText());
            case "NextWork" -> new NextWork(n.get("node").asText(), resolve(n.get("reply")));
            case "NodeGone" -> new NodeGone(n.get("node").asText(), n.get("downed").asBoolean());
            case "Assigned" -> new Assigned(ints(n.get("ranges")));
            case "Wait" -> new Wait();
            case "AllDone" -> new AllDone(n.get("release").asBoolean());
            default -> throw new NotSerializableException("unknown cluster message " + manifest);
        };
    }

    private String ref(ActorRef<?> ref) {
        return resolver().toSerializationFormat(ref);
    }

    private <T> ActorRef<T> resolve(JsonNode text) {
        return resolver().resolveActorRef(text.asText());
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>(array.size());
        array.forEach(v -> out.add(v.asInt()));
        return out;
    }
}
