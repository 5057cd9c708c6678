package md.personas.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import md.personas.record.Persona;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as a cluster node: it reaches the range coordinator (a cluster singleton every node starts, which
 * runs on the oldest), claims ranges as its stream reaches them, reports those it finished, tells the coordinator
 * every second what it holds (so a coordinator that moved relearns it), and counts the live nodes for the share of
 * the rate limits.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration ASK = Duration.ofSeconds(5);
    /** How long a new coordinator listens to the nodes before it hands out anything. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private final ActorSystem<?> system;
    private final ActorRef<RangeCoordinator.Command> coordinator;
    private final String self;
    private final Map<Integer, Boolean> decided = new ConcurrentHashMap<>();
    /** Of a reclaimed range: its indices (as offsets in the range) already in finished parts when granted. */
    private final Map<Integer, BitSet> writtenBefore = new ConcurrentHashMap<>();
    private final List<Integer> claimed = new ArrayList<>(); // guarded by this
    private final List<Integer> finished = new ArrayList<>(); // guarded by this
    private final Cancellable heartbeat;

    private ClusterNode(ActorSystem<?> system, int ranges) {
        this.system = system;
        this.self = Cluster.get(system).selfMember().address().toString();
        this.coordinator = ClusterSingleton.get(system).init(SingletonActor.of(
                Behaviors.supervise(RangeCoordinator.create(ranges, GRACE, true))
                        .onFailure(SupervisorStrategy.restart()), "range-coordinator"));
        this.heartbeat = system.scheduler().scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1),
                this::sendHolding, system.executionContext());
    }

    /**
     * Joins the cluster of {@code system} (configured by {@link ClusterSettings#overlay}) and waits until this
     * node is Up, at most {@code timeout}; {@code ranges} checkpoint ranges make the run. Null if {@code over}
     * says the run was released meanwhile (the other nodes have ended, so there is no cluster left to join).
     */
    public static ClusterNode join(ActorSystem<?> system, int ranges, Duration timeout,
                                   java.util.concurrent.Callable<Boolean> over) throws Exception {
        Cluster cluster = Cluster.get(system);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (over.call()) {
                return null;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("this node did not join the cluster within " + timeout.toSeconds()
                        + " s: is a seed node up and reachable (--cluster-seed), and this node's --cluster-host "
                        + "reachable from the others?");
            }
            Thread.sleep(200);
        }
        ClusterNode node = new ClusterNode(system, ranges);
        LOG.info("joined the cluster as {} ({} nodes up)", node.self, node.liveNodes());
        return node;
    }

    /** This node's address, its name towards the coordinator. */
    public String self() {
        return self;
    }

    /** Members that are up and reachable now: the nodes sharing the rate limits. */
    public int liveNodes() {
        var state = Cluster.get(system).state();
        int n = 0;
        for (var m : state.getMembers()) {
            if ((m.status() == MemberStatus.up() || m.status() == MemberStatus.weaklyUp())
                    && !state.getUnreachable().contains(m)) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /**
     * Lets through the personas of the ranges this node may narrate: each range's first persona asks the
     * coordinator (once); {@code wanted} restricts the ranges asked for (a pass over a lost node's ranges). Of a
     * range the coordinator says was reclaimed, the personas already in finished parts ({@code written}, read then)
     * are not let through.
     */
    public Flow<Persona, Persona, NotUsed> claiming(int checkpointEvery, IntPredicate wanted, Written written) {
        return Flow.<Persona>create()
                .mapAsync(1, p -> {
                    int range = Math.toIntExact(p.index() / checkpointEvery);
                    int offset = Math.toIntExact(p.index() % checkpointEvery);
                    return mine(range, wanted, written, checkpointEvery).thenApply(mine -> mine
                            && !writtenBefore.getOrDefault(range, NONE).get(offset) ? p : null); // : Persona, or null
                })
                .filter(p -> p != null);                                         // : Persona of this node's ranges
    }

    /** The indices in finished parts now. */
    @FunctionalInterface
    public interface Written {
        BitSet indices() throws java.io.IOException;
    }

    private static final BitSet NONE = new BitSet();

    private CompletionStage<Boolean> mine(int range, IntPredicate wanted, Written written, int checkpointEvery) {
        if (!wanted.test(range)) {
            return CompletableFuture.completedFuture(false);
        }
        Boolean known = decided.get(range);
        return known != null ? CompletableFuture.completedFuture(known) : claim(range, written, checkpointEvery);
    }

    private CompletionStage<Boolean> claim(int range, Written written, int checkpointEvery) {
        return AskPattern.<RangeCoordinator.Command, RangeCoordinator.ClaimReply>ask(coordinator,
                        replyTo -> new RangeCoordinator.Claim(range, self, replyTo), ASK, system.scheduler())
                .thenApply(reply -> {
                    if (reply.reclaimed()) {
                        try {
                            int from = range * checkpointEvery;
                            writtenBefore.put(range, written.indices().get(from, from + checkpointEvery));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    decided.put(range, reply.granted());
                    if (reply.granted()) {
                        LOG.info("cluster: range {} is this node's", range);
                        synchronized (this) {
                            claimed.add(range);
                        }
                    }
                    return reply.granted();
                })
                .exceptionallyCompose(e -> { // the coordinator is moving to another node: ask again
                    LOG.info("range coordinator did not answer ({}); asking again", e.getMessage());
                    return claim(range, written, checkpointEvery);
                });
    }

    /** Every range this node claimed is now in finished parts (its stream ended well): tell the coordinator. */
    public void finishedClaims() {
        List<Integer> done;
        synchronized (this) {
            done = new ArrayList<>(claimed);
            finished.addAll(claimed);
            claimed.clear();
        }
        if (!done.isEmpty()) {
            coordinator.tell(new RangeCoordinator.Finished(done, self));
        }
    }

    /** After a sweep: the next ranges to narrate, a wait, or the end. Asks again while the coordinator moves. */
    public RangeCoordinator.Work nextWork() throws InterruptedException {
        while (true) {
            try {
                RangeCoordinator.Work w = AskPattern.<RangeCoordinator.Command, RangeCoordinator.Work>ask(
                        coordinator, replyTo -> new RangeCoordinator.NextWork(self, replyTo), ASK,
                        system.scheduler()).toCompletableFuture().get(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (w instanceof RangeCoordinator.Assigned a) {
                    synchronized (this) {
                        for (int r : a.ranges()) {
                            decided.put(r, true);
                            if (!claimed.contains(r)) {
                                claimed.add(r);
                            }
                        }
                    }
                }
                return w;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.info("range coordinator did not answer; asking again");
            }
        }
    }

    private void sendHolding() {
        List<Integer> c;
        List<Integer> f;
        synchronized (this) {
            c = List.copyOf(claimed);
            f = List.copyOf(finished);
        }
        coordinator.tell(new RangeCoordinator.Holding(c, f, self));
    }

    /** Leaves the cluster gracefully (its ranges are all finished or given back). */
    @Override
    public void close() {
        heartbeat.cancel();
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(org.apache.pekko.cluster.typed.Leave.create(cluster.selfMember().address()));
    }
}
