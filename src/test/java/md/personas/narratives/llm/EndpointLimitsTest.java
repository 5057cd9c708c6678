package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import md.personas.narratives.throttle.ThrottleSettings;
import org.junit.jupiter.api.Test;

/** Run-time limits with several endpoints: totals, and a new total shared in proportion. */
class EndpointLimitsTest {

    private static final List<ThrottleSettings> TWO = List.of(ThrottleSettings.of(48, 600, 1_000_000),
            ThrottleSettings.of(16, 200, 0));

    @Test
    void theTotalSumsWorkersAndRatesAndNoLimitAnywhereMeansNoTotalLimit() {
        ThrottleSettings total = EndpointLimits.total(TWO);
        assertEquals(64, total.maxConcurrency());
        assertEquals(800, total.requestsPerMinute());
        assertEquals(0, total.tokensPerMinute());
    }

    @Test
    void aNewTotalIsSharedInProportionAndWhatDidNotChangeStays() {
        List<ThrottleSettings> shares = EndpointLimits.share(EndpointLimits.total(TWO).withMaxConcurrency(32)
                .withRequestsPerMinute(400), TWO);
        assertEquals(24, shares.get(0).maxConcurrency());
        assertEquals(8, shares.get(1).maxConcurrency());
        assertEquals(300, shares.get(0).requestsPerMinute(), 1e-9);
        assertEquals(100, shares.get(1).requestsPerMinute(), 1e-9);
        assertEquals(1_000_000, shares.get(0).tokensPerMinute(), "tokens unchanged");
        assertEquals(0, shares.get(1).tokensPerMinute());
        List<ThrottleSettings> odd = EndpointLimits.share(EndpointLimits.total(TWO).withMaxConcurrency(5), TWO);
        assertEquals(5, odd.get(0).maxConcurrency() + odd.get(1).maxConcurrency(), "shares add up to the total");
    }

    @Test
    void oneEndpointTakesTheValueAsIs() {
        ThrottleSettings one = ThrottleSettings.of(8, 60, 10_000);
        assertEquals(List.of(one.withMaxConcurrency(3)), EndpointLimits.share(one.withMaxConcurrency(3),
                List.of(one)));
        assertEquals(one, EndpointLimits.total(List.of(one)));
    }
}
