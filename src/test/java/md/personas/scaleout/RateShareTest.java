package md.personas.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleSettings;
import org.junit.jupiter.api.Test;

class RateShareTest {

    @Test
    void eachProcessTakesItsShareOfTheWholeRunsRatesAndFollowsChangesAndTheNumberOfProcesses() {
        List<ThrottleChange> applied = new ArrayList<>();
        RateShare share = new RateShare(applied::add, 600, 3_000_000, 3);
        assertEquals(200, applied.get(0).requestsPerMinute().getAsDouble(), 1e-9);
        assertEquals(1_000_000, applied.get(0).tokensPerMinute().getAsDouble(), 1e-9);

        share.apply(ThrottleChange.none().withRequestsPerMinute(900).withWorkers(4)); // an operator's whole-run rate
        ThrottleChange last = applied.get(applied.size() - 1);
        assertEquals(300, last.requestsPerMinute().getAsDouble(), 1e-9);
        assertEquals(1_000_000, last.tokensPerMinute().getAsDouble(), 1e-9);
        assertEquals(4, last.workers().getAsInt(), "workers are per process");

        share.shares(2); // a cluster node left
        last = applied.get(applied.size() - 1);
        assertEquals(450, last.requestsPerMinute().getAsDouble(), 1e-9);
        assertEquals(1_500_000, last.tokensPerMinute().getAsDouble(), 1e-9);
        int before = applied.size();
        share.shares(2);
        assertEquals(before, applied.size(), "no change, nothing applied");
    }

    @Test
    void noLimitStaysNoLimitAndAShareNeverFallsBelowTheSlowestAcceptedRate() {
        List<ThrottleChange> applied = new ArrayList<>();
        new RateShare(applied::add, 0, 1500, 4);
        assertEquals(0, applied.get(0).requestsPerMinute().getAsDouble());
        assertEquals(ThrottleSettings.MIN_TOKENS_PER_MINUTE, applied.get(0).tokensPerMinute().getAsDouble());
    }
}
