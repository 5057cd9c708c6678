package md.personas.operations;


import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LLM settings that would stall or misbehave a run are refused before anything starts, with exit 2 and one line
 * that gives the allowed range: a rate so small that the next call is days away, a negative retry count, a
 * give-up time that is not positive.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a value let through would stall
class LlmConfigRangesTest {

    @TempDir
    Path tmp;

    private GenerateCommandTest.Result generate(String narratives) throws Exception {
        Path conf = Files.writeString(tmp.resolve("c.conf"), "personas.narratives {\n  provider = custom\n"
                + "  base-url = \"http://127.0.0.1:9/v1\"\n  model = m\n  api-key-env = \"\"\n" + narratives + "\n}\n");
        return GenerateCommandTest.cli("generate", "--narratives", "llm", "--count", "10", "--out",
                tmp.resolve("out").toString(), "--config", conf.toString());
    }

    private void assertRefused(String narratives, String... fragments) throws Exception {
        GenerateCommandTest.Result r = generate(narratives);
        GenerateCommandTest.assertRefusedBeforeAnything(r, tmp.resolve("out"), fragments);
    }

    @Test
    void aVanishinglySmallTokenRateIsRefusedWithTheAllowedRange() throws Exception {
        assertRefused("tokens-per-minute = 1e-300", "tokens-per-minute", "0 (no limit) or between");
        assertRefused("tokens-per-minute = 3", "tokens-per-minute", "0 (no limit) or between");
        assertRefused("requests-per-minute = 0.00001", "requests-per-minute", "0 (no limit) or between");
        assertRefused("requests-per-minute = -5", "requests-per-minute", "0 (no limit) or between");
    }

    @Test
    void aNegativeTransportRetryCountIsRefused() throws Exception {
        assertRefused("retry.max-transport-retries = -1", "max-transport-retries", "0 or more");
    }

    @Test
    void aGiveUpTimeThatIsNotPositiveIsRefused() throws Exception {
        assertRefused("outage.give-up-after = 0s", "outage.give-up-after", "positive");
        assertRefused("outage.give-up-after = -3m", "outage.give-up-after", "positive");
    }
}
