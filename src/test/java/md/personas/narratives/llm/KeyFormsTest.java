package md.personas.narratives.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every form of the key is found and scrubbed; ordinary Romanian text and short keys' look-alikes are not. */
class KeyFormsTest {

    static final String KEY = "sk-proj-Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY";
    static final ApiKey API_KEY = ApiKey.fromEnvironment("K", Map.of("K", KEY));

    @Test
    void everyFormIsFoundAndScrubbed() {
        String bearer = Base64.getEncoder().encodeToString(("Bearer " + KEY).getBytes(StandardCharsets.UTF_8));
        String basicAuth = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("user:" + KEY).getBytes(StandardCharsets.UTF_8));
        for (String form : new String[] {KEY, KEY.toLowerCase(), KEY.toUpperCase(),
                Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)), bearer, basicAuth,
                KEY.substring(0, 12), KEY.substring(KEY.length() - 12), KEY.substring(10, 25)}) {
            String text = "Eroare la autentificare: «" + form + "» nu este valabilă.";
            assertTrue(API_KEY.foundIn(text), form);
            String scrubbed = API_KEY.redact(text);
            assertFalse(API_KEY.foundIn(scrubbed), scrubbed);
            if (form != bearer && form != basicAuth) { // inside a longer encoding, its neighbours' bytes stay
                assertEquals("Eroare la autentificare: «***» nu este valabilă.", scrubbed, form);
            }
        }
        assertEquals("*** și ***", API_KEY.redact(KEY + " și " + KEY.toUpperCase()));
    }

    @Test
    void ordinaryTextAndShortFragmentsAreLeftAlone() {
        String text = "Ion a crescut în Bălți, lucrează ca inginer și visează la o casă cu grădină. sk-proj-Ab3";
        assertFalse(API_KEY.foundIn(text));
        assertEquals(text, API_KEY.redact(text));
        ApiKey shortKey = ApiKey.fromEnvironment("K", Map.of("K", "EMPTY"));
        assertFalse(shortKey.foundIn("Casa nu e goală: empty nu e un cuvânt românesc."), "short keys: exact only");
        assertTrue(shortKey.foundIn("token EMPTY"));
        assertFalse(ApiKey.none().foundIn(KEY));
    }
}
