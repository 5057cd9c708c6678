package md.personas.operations;


import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad entry of {@code personas.narratives.endpoints}, or an endpoint whose key variable is not set, is refused
 * before anything is written: exit 2 and one line naming the entry's index and key.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EndpointsConfigTest {

    @TempDir
    Path tmp;

    private void assertRefused(String endpoints, String... fragments) throws Exception {
        Path conf = Files.writeString(tmp.resolve("c.conf"), "personas.narratives {\n  provider = custom\n"
                + "  base-url = \"http://127.0.0.1:9/v1\"\n  model = m\n  api-key-env = \"\"\n" + endpoints + "\n}\n");
        GenerateCommandTest.Result r = GenerateCommandTest.cli("generate", "--narratives", "llm", "--count", "10",
                "--out", tmp.resolve("out").toString(), "--config", conf.toString());
        GenerateCommandTest.assertRefusedBeforeAnything(r, tmp.resolve("out"), fragments);
    }

    @Test
    void aBadEntryIsRefusedNamingItsIndexAndKey() throws Exception {
        assertRefused("endpoints = [ { workers = 4 }, { base-url = \"http://gpu2:8000/v1\", workers = -1 } ]",
                "personas.narratives.endpoints[1].workers", "at least 1");
        assertRefused("endpoints = [ { base-url = \"http://gpu1:8000/v1\", rpm = 60 } ]",
                "personas.narratives.endpoints[0].rpm", "not a key of an endpoint");
    }

    @Test
    void anEndpointWhoseKeyVariableIsNotSetIsRefusedNamingTheVariable() throws Exception {
        assertRefused("endpoints = [ { }, { base-url = \"http://gpu2:8000/v1\", api-key-env = "
                + "\"NO_SUCH_KEY_VARIABLE_31\" } ]", "personas.narratives.endpoints[1].api-key-env",
                "NO_SUCH_KEY_VARIABLE_31", "is not set");
    }
}
