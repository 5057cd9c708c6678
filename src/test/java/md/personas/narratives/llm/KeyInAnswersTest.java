package md.personas.narratives.llm;

import static md.personas.narratives.llm.LlmTestSupport.KEY;
import static md.personas.narratives.llm.LlmTestSupport.personas;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import md.personas.narratives.NarrativeOutcome;
import md.personas.narratives.llm.FakeLlmServer.Fault;
import md.personas.record.Column;
import md.personas.record.Persona;
import md.personas.record.PersonaRecord;
import md.personas.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An answer that holds the API key (an echoing proxy) is refused before anything is written, in every form a
 * proxy may echo it: as is, in another case, base64, base64url, or cut. It is repaired like a contract failure;
 * if every answer holds it the persona is dead-lettered without the text. Error bodies are scrubbed of the same
 * forms before they reach a reason or a log line.
 */
class KeyInAnswersTest extends FakeServerTestBase {

    enum Form {
        EXACT(k -> k),
        UPPER(k -> k.toUpperCase(Locale.ROOT)),
        BASE64(k -> Base64.getEncoder().encodeToString(k.getBytes(StandardCharsets.UTF_8))),
        BASE64URL(k -> Base64.getUrlEncoder().withoutPadding().encodeToString(k.getBytes(StandardCharsets.UTF_8))),
        PREFIX(k -> k.substring(0, 14)),
        SUFFIX(k -> k.substring(k.length() - 13)),
        MIDDLE(k -> k.substring(9, 23).toUpperCase(Locale.ROOT));

        final UnaryOperator<String> show;

        Form(UnaryOperator<String> show) {
            this.show = show;
        }
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void anAnswerHoldingTheKeyIsRepairedAndNeverReleased(Form form) throws Exception {
        List<Persona> people = personas(3);
        String echoing = FakeLlmServer.keyOf(people.get(0));
        fake.keyForm = form.show;
        fake.script = (persona, n) -> persona.equals(echoing) && n == 0 ? Fault.ECHO_KEY : Fault.NONE;
        LlmNarrativeWriter writer = writer("");
        List<NarrativeOutcome> outcomes = LlmTestSupport.writeAll(writer, people);
        for (NarrativeOutcome o : outcomes) {
            NarrativeOutcome.Written w = assertInstanceOf(NarrativeOutcome.Written.class, o, o.toString());
            String text = narrativeText(w.record());
            assertFalse(text.contains(form.show.apply(KEY)), form + " of the key was released: " + text);
        }
        assertTrue(fake.callsOf(people.get(0)).size() >= 2, "the echoing answer was asked again");
        writer.close();
    }

    @Test
    void aPersonaWhoseEveryAnswerHoldsTheKeyIsDeadLetteredWithoutTheText() throws Exception {
        fake.keyForm = Form.BASE64.show;
        fake.everyone = Fault.ECHO_KEY;
        LlmNarrativeWriter writer = writer("");
        List<NarrativeOutcome> outcomes = LlmTestSupport.writeAll(writer, personas(2));
        for (NarrativeOutcome o : outcomes) {
            NarrativeOutcome.Failed f = assertInstanceOf(NarrativeOutcome.Failed.class, o);
            String all = f.reason() + " " + f.violations();
            assertTrue(all.contains("API key"), all);
            for (Form form : Form.values()) {
                assertFalse(all.toLowerCase(Locale.ROOT).contains(form.show.apply(KEY).toLowerCase(Locale.ROOT)),
                        form + ": " + all);
            }
            assertFalse(all.contains("Cheia folosită"), "no narrative text in a dead letter: " + all);
        }
        writer.close();
    }

    @ParameterizedTest
    @EnumSource(value = Form.class, names = {"UPPER", "BASE64", "BASE64URL", "PREFIX", "MIDDLE"})
    void errorBodiesAreScrubbedOfEveryFormOfTheKey(Form form) throws Exception {
        LogCapture logs = new LogCapture("md.personas", Level.DEBUG);
        fake.keyForm = form.show;
        fake.everyone = Fault.ERROR_ECHO_KEY;
        LlmNarrativeWriter writer = writer(HostileProviderTest.FAST);
        try {
            List<NarrativeOutcome> outcomes = HostileProviderTest.writeWithin(writer, personas(2), 12);
            List<String> texts = new ArrayList<>();
            outcomes.forEach(o -> texts.add(((NarrativeOutcome.Failed) o).reason()));
            texts.add(writer.stopReason().orElse(""));
            texts.addAll(logs.messages());
            assertTrue(texts.stream().anyMatch(t -> t.contains("upstream refused key")), "the body is quoted: "
                    + texts);
            String shown = form.show.apply(KEY).toLowerCase(Locale.ROOT);
            for (String t : texts) {
                assertFalse(t.toLowerCase(Locale.ROOT).contains(shown), form + " leaked: " + t);
            }
        } finally {
            writer.close();
            logs.close();
        }
    }

    static String narrativeText(PersonaRecord r) {
        StringBuilder all = new StringBuilder();
        for (Column c : Column.NARRATIVE_FIELDS) {
            all.append(r.get(c)).append('\n');
        }
        return all.toString();
    }
}
