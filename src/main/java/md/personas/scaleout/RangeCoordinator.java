package md.personas.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The cluster singleton that hands out checkpoint ranges (range r = persona indices {@code r*C .. r*C+C-1}). Every
 * node sweeps the indices in order and asks for each range as its stream reaches it: the first to ask gets it, the
 * others skip it. A range is FREE, CLAIMED by one node, or DONE (its node's stream wrote it and said so). When a
 * node is removed from the cluster (it left, or the split-brain resolver downed it after it became unreachable) its
 * claimed ranges become FREE again, and nodes that have finished their sweep take them ({@link NextWork}).
 *
 * <p>The state lives only in memory: when the singleton moves (its node died), the new one starts empty and first
 * waits a grace period in which every live node re-announces its claimed and finished ranges ({@link Holding}, sent
 * every second); requests that arrive meanwhile are stashed. A range finished by a node that is gone is then FREE
 * again; whoever takes it finds its personas in the finished parts and writes nothing new.
 *
 * <p>The release: the first node to ask once every range is done writes it; the others stand by, asking again,
 * until they find it complete in the directory. When the writer leaves the cluster for any reason (killed, downed,
 * or failed and gone), the next node to ask writes it; a second attempt after a partial one is safe (the release
 * files are replaced atomically under the directory lock, and a complete release is never written again).
 */
public final class RangeCoordinator {

    /** What the coordinator understands; everything crosses the network, so it is all {@link ClusterMessage}. */
    public sealed interface Command extends ClusterMessage
            permits Claim, Finished, Holding, NextWork, NodeGone, GraceOver { }

    /** May {@code node} narrate {@code range}? */
    public record Claim(int range, String node, ActorRef<ClaimReply> replyTo) implements Command { }

    /**
     * {@code reclaimed}: the range was a lost node's (or a moved coordinator cannot tell), so parts of it may be
     * written already: the node skips what is in finished parts rather than narrate it twice.
     */
    public record ClaimReply(int range, boolean granted, boolean reclaimed) implements ClusterMessage { }

    /** {@code node}'s stream wrote these ranges to finished parts. */
    public record Finished(List<Integer> ranges, String node) implements Command { }

    /** Heartbeat: the ranges {@code node} holds now and those it has finished (teaches a new coordinator). */
    public record Holding(List<Integer> claimed, List<Integer> finished, String node) implements Command { }

    /** {@code node} has swept every index: what else is there to do? */
    public record NextWork(String node, ActorRef<Work> replyTo) implements Command { }

    /** A node left the cluster ({@code downed} false: it said goodbye) or was downed (lost). */
    public record NodeGone(String node, boolean downed) implements Command { }

    record GraceOver() implements Command { }

    /** The answer to {@link NextWork}. */
    public sealed interface Work extends ClusterMessage permits Assigned, Wait, AllDone { }

    /** These ranges were a lost node's: narrate what of them is not in a finished part. */
    public record Assigned(List<Integer> ranges) implements Work { }

    /** Other nodes still hold ranges (they may yet be lost): ask again shortly. */
    public record Wait() implements Work { }

    /**
     * Every range is done. {@code release = true}: this node writes the release. False: another node does; stand by
     * and ask again until the release is complete (in the directory), since the writer may yet be lost, and then
     * the next node to ask is told to write it.
     */
    public record AllDone(boolean release) implements Work { }

    private static final int FREE = -1;
    private static final int DONE = -2;

    private final int ranges;
    private final int[] owner; // FREE, DONE, or an index into nodes
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, Integer> nodeIds = new HashMap<>();
    private final BitSet reclaimed = new BitSet();
    private String releaser;

    private RangeCoordinator(int ranges) {
        this.ranges = ranges;
        this.owner = new int[ranges];
        java.util.Arrays.fill(owner, FREE);
    }

    /**
     * The coordinator of {@code ranges} ranges. {@code grace}: how long a fresh coordinator listens to the nodes'
     * heartbeats before it answers; {@code watchCluster}: follow cluster membership (false only in tests, which
     * send {@link NodeGone} themselves).
     */
    public static Behavior<Command> create(int ranges, Duration grace, boolean watchCluster) {
        return Behaviors.withStash(10_000, stash -> Behaviors.setup(context -> {
            if (watchCluster) {
                ActorRef<ClusterEvent.MemberRemoved> removed = context.messageAdapter(ClusterEvent.MemberRemoved.class,
                        e -> new NodeGone(e.member().address().toString(),
                                e.previousStatus() != org.apache.pekko.cluster.MemberStatus.exiting()));
                Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(removed,
                        ClusterEvent.MemberRemoved.class));
            }
            RangeCoordinator state = new RangeCoordinator(ranges);
            if (grace.isZero()) {
                return state.serving(context);
            }
            context.scheduleOnce(grace, context.getSelf(), new GraceOver());
            return state.listening(context, stash);
        }));
    }

    /** The grace period: learn from heartbeats, keep every request for later. */
    private Behavior<Command> listening(ActorContext<Command> context, StashBuffer<Command> stash) {
        return Behaviors.receive(Command.class)
                .onMessage(Holding.class, h -> {
                    learn(h);
                    return Behaviors.same();
                })
                .onMessage(NodeGone.class, g -> {
                    release(g);
                    return Behaviors.same();
                })
                .onMessage(GraceOver.class, g -> {
                    if (count(FREE) < ranges) { // it took over from another: a free range may be a lost node's
                        reclaimed.set(0, ranges);
                    }
                    context.getLog().info("range coordinator ready: {} of {} ranges done, {} held", count(DONE),
                            ranges, ranges - count(DONE) - count(FREE));
                    return stash.unstashAll(serving(context));
                })
                .onAnyMessage(m -> {
                    stash.stash(m);
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> serving(ActorContext<Command> context) {
        return Behaviors.receive(Command.class)
                .onMessage(Claim.class, c -> {
                    boolean granted = claim(c.range(), c.node());
                    c.replyTo().tell(new ClaimReply(c.range(), granted, granted && reclaimed.get(c.range())));
                    return Behaviors.same();
                })
                .onMessage(Finished.class, f -> {
                    f.ranges().forEach(r -> owner[r] = DONE);
                    return Behaviors.same();
                })
                .onMessage(Holding.class, h -> {
                    learn(h);
                    return Behaviors.same();
                })
                .onMessage(NodeGone.class, g -> {
                    int freed = release(g);
                    if (freed > 0) {
                        context.getLog().info("node {} is gone: its {} unfinished ranges are free again", g.node(),
                                freed);
                    }
                    return Behaviors.same();
                })
                .onMessage(NextWork.class, n -> {
                    n.replyTo().tell(next(n.node()));
                    return Behaviors.same();
                })
                .onMessage(GraceOver.class, g -> Behaviors.same())
                .build();
    }

    private boolean claim(int range, String node) {
        if (range < 0 || range >= ranges) {
            return false;
        }
        int id = idOf(node);
        if (owner[range] == FREE) {
            owner[range] = id;
        }
        return owner[range] == id;
    }

    private void learn(Holding h) {
        int id = idOf(h.node());
        h.finished().forEach(r -> owner[r] = DONE);
        for (int r : h.claimed()) {
            if (owner[r] == FREE) {
                owner[r] = id;
            }
        }
    }

    private int release(NodeGone gone) {
        String node = gone.node();
        Integer id = nodeIds.get(node);
        int freed = 0;
        if (id != null) {
            for (int r = 0; r < ranges; r++) {
                if (owner[r] == id) {
                    owner[r] = FREE;
                    reclaimed.set(r);
                    freed++;
                }
            }
        }
        if (node.equals(releaser)) {
            releaser = null; // the release may be unwritten (lost, or failed): the next node to ask writes it
        }
        return freed;
    }

    /** The FREE ranges (a lost node's), claimed for {@code node}; else wait, or everything is done. */
    private Work next(String node) {
        int id = idOf(node);
        List<Integer> assigned = new ArrayList<>();
        boolean held = false;
        for (int r = 0; r < ranges; r++) {
            if (owner[r] == FREE) {
                owner[r] = id;
                assigned.add(r);
            } else if (owner[r] == id) {
                assigned.add(r); // asked again after a failure: still its work
            } else if (owner[r] != DONE) {
                held = true;
            }
        }
        if (!assigned.isEmpty()) {
            return new Assigned(assigned);
        }
        if (held) {
            return new Wait();
        }
        if (releaser == null) {
            releaser = node;
        }
        return new AllDone(releaser.equals(node));
    }

    private int idOf(String node) {
        return nodeIds.computeIfAbsent(node, n -> {
            nodes.add(n);
            return nodes.size() - 1;
        });
    }

    private int count(int state) {
        int n = 0;
        for (int o : owner) {
            n += o == state ? 1 : 0;
        }
        return n;
    }

    /** For tests and logs: the ranges that are done. */
    BitSet done() {
        BitSet b = new BitSet();
        for (int r = 0; r < ranges; r++) {
            if (owner[r] == DONE) {
                b.set(r);
            }
        }
        return b;
    }
}
