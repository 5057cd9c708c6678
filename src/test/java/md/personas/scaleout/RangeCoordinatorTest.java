package md.personas.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import md.personas.scaleout.RangeCoordinator.AllDone;
import md.personas.scaleout.RangeCoordinator.Assigned;
import md.personas.scaleout.RangeCoordinator.Claim;
import md.personas.scaleout.RangeCoordinator.ClaimReply;
import md.personas.scaleout.RangeCoordinator.Command;
import md.personas.scaleout.RangeCoordinator.Finished;
import md.personas.scaleout.RangeCoordinator.Holding;
import md.personas.scaleout.RangeCoordinator.NextWork;
import md.personas.scaleout.RangeCoordinator.NodeGone;
import md.personas.scaleout.RangeCoordinator.Wait;
import md.personas.scaleout.RangeCoordinator.Work;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The coordinator's rules, without a cluster: membership changes are sent to it as {@link NodeGone}. */
class RangeCoordinatorTest {

    static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create();
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    static boolean claim(ActorRef<Command> c, int range, String node) {
        return reply(c, range, node).granted();
    }

    static ClaimReply reply(ActorRef<Command> c, int range, String node) {
        TestProbe<ClaimReply> probe = kit.createTestProbe();
        c.tell(new Claim(range, node, probe.getRef()));
        ClaimReply reply = probe.receiveMessage();
        assertEquals(range, reply.range());
        return reply;
    }

    static Work next(ActorRef<Command> c, String node) {
        TestProbe<Work> probe = kit.createTestProbe();
        c.tell(new NextWork(node, probe.getRef()));
        return probe.receiveMessage();
    }

    @Test
    void firstToAskGetsARangeAndALostNodesUnfinishedRangesGoToASurvivor() {
        ActorRef<Command> c = kit.spawn(RangeCoordinator.create(4, Duration.ZERO, false));
        assertEquals(new ClaimReply(0, true, false), reply(c, 0, "a"));
        assertFalse(claim(c, 0, "b"));
        assertTrue(claim(c, 0, "a"), "asking again keeps it");
        assertTrue(claim(c, 1, "b"));
        assertTrue(claim(c, 2, "a"));
        assertTrue(claim(c, 3, "b"));
        assertFalse(claim(c, 4, "a"), "no such range");
        c.tell(new Finished(List.of(0, 2), "a"));
        assertInstanceOf(Wait.class, next(c, "a"), "b still holds 1 and 3");
        c.tell(new NodeGone("b", true));
        assertEquals(new ClaimReply(3, true, true), reply(c, 3, "c"), "a lost node's range: its parts may exist");
        c.tell(new NodeGone("c", false));
        assertEquals(new Assigned(List.of(1, 3)), next(c, "a"));
        assertInstanceOf(Wait.class, next(c, "c"), "a holds them now");
        assertEquals(new Assigned(List.of(1, 3)), next(c, "a"), "asked again: still its work");
        c.tell(new Finished(List.of(1, 3), "a"));
        assertEquals(new AllDone(true), next(c, "a"));
        assertEquals(new AllDone(false), next(c, "c"), "the release is written once");
        assertEquals(new AllDone(true), next(c, "a"));
    }

    @Test
    void aReleaserThatLeavesForAnyReasonIsReplacedByTheNextToAsk() {
        ActorRef<Command> c = kit.spawn(RangeCoordinator.create(1, Duration.ZERO, false));
        assertTrue(claim(c, 0, "a"));
        c.tell(new Finished(List.of(0), "a"));
        assertEquals(new AllDone(true), next(c, "a"));
        assertEquals(new AllDone(false), next(c, "b"), "b stands by");
        c.tell(new NodeGone("a", true)); // downed before its release was complete
        assertEquals(new AllDone(true), next(c, "c"), "the first to ask after the loss writes it");
        assertEquals(new AllDone(false), next(c, "b"));
        c.tell(new NodeGone("c", false)); // left: its release failed (or is complete, which b finds on disk)
        assertEquals(new AllDone(true), next(c, "b"));
    }

    @Test
    void aNewCoordinatorRelearnsClaimsAndFinishedRangesFromHeartbeatsBeforeAnswering() {
        ActorRef<Command> c = kit.spawn(RangeCoordinator.create(3, Duration.ofSeconds(2), false));
        TestProbe<ClaimReply> early = kit.createTestProbe();
        c.tell(new Claim(1, "b", early.getRef())); // stashed until the grace period is over
        c.tell(new Holding(List.of(1), List.of(0), "a"));
        ClaimReply reply = early.receiveMessage(Duration.ofSeconds(10));
        assertFalse(reply.granted(), "a still holds range 1");
        assertEquals(new ClaimReply(2, true, true), reply(c, 2, "b"), "a moved coordinator cannot tell what is lost");
        assertFalse(claim(c, 0, "b"), "range 0 is done");
        c.tell(new Finished(List.of(2), "b"));
        c.tell(new NodeGone("a", true));
        assertEquals(new Assigned(List.of(1)), next(c, "b"));
    }
}
