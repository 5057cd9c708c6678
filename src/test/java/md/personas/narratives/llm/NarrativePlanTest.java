package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class NarrativePlanTest {

    @Test
    void thePlanFollowsTheMeasuredPromptsAndTheBindingLimit() {
        LlmSettings s = LlmSettings.fromConfig(ConfigFactory.parseString("""
                provider = dashscope
                workers = 32
                requests-per-minute = 600
                tokens-per-minute = 1000000
                budget-usd = 100
                plan { sample = 50, expected-latency = 25s, repair-share = 0.2, repair-size = 0.3 }
                """));
        PlanEstimate plan = NarrativePlan.estimate(s, LlmTestSupport.model(), 20240408L, 100_000);

        assertEquals(50, plan.sampled());
        assertTrue(plan.meanPromptChars() > 3000 && plan.meanPromptChars() < 8000, "" + plan.meanPromptChars());
        assertEquals((long) Math.ceil(plan.meanPromptChars() / 3.2), plan.promptTokensPerCall());
        assertEquals(120_000, plan.calls());
        assertEquals(1.28, plan.callsPerSecondByWorkers(), 1e-9, "32 workers / 25 s");
        assertEquals(10.0, plan.callsPerSecondByRequests(), 1e-9);
        assertEquals("workers", plan.bindingLimit());
        assertEquals(120_000 / 1.28, plan.wallTime().toSeconds(), 1.0);
        double perPersona = plan.costUsd() / 100_000;
        assertEquals((long) (100 / perPersona), plan.personasWithinBudget());
        assertEquals(s.pricing().costUsd(plan.promptTokens(), plan.completionTokens()), plan.costUsd(), 1e-9);

        String summary = plan.summary();
        assertTrue(summary.contains("100,000 personas"), summary);
        assertTrue(summary.contains("bound by workers"), summary);
        assertTrue(summary.contains("stops after about"), summary);
        // Workers enough to reach the binding rate limit: the tokens per minute over the tokens of a call, times
        // the latency (about 130 for the prompts of these sampled personas).
        long workersAtTokenLimit = (long) Math.ceil(plan.callsPerSecondByTokens() * 25);
        assertTrue(workersAtTokenLimit > 100 && workersAtTokenLimit < 160, "" + workersAtTokenLimit);
        assertTrue(summary.contains("about " + workersAtTokenLimit + " workers would reach the tokens-per-minute "
                + "limit"), summary);

        PlanEstimate tokenBound = NarrativePlan.estimate(s.withThrottle(s.throttle().withTokensPerMinute(100_000)
                .withMaxConcurrency(256)), LlmTestSupport.model(), 20240408L, 1000);
        assertEquals("tokens-per-minute", tokenBound.bindingLimit());
    }
}
