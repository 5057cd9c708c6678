package md.personas.narratives.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the narrative fields out of a model's answer, robustly: the JSON object may sit inside a code fence or
 * after a sentence of prose, hold raw line breaks or a trailing comma, be wrapped in one more object, or be cut
 * off at {@code max_tokens}. A cut-off answer still yields every field that was complete, so only the rest is
 * asked for again.
 */
final class NarrativeJson {

    /** How much of the answer could be read. */
    enum Completeness { COMPLETE, TRUNCATED, NO_JSON }

    /**
     * @param fields field name to a String or a List of String, in the order of the answer
     */
    record Parsed(Map<String, Object> fields, Completeness completeness) { }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private NarrativeJson() {
    }

    static Parsed parse(String content) {
        int start = content == null ? -1 : content.indexOf('{');
        if (start < 0) {
            return new Parsed(Map.of(), Completeness.NO_JSON);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(content.substring(start))) {
            parser.nextToken(); // START_OBJECT
            boolean complete = readObject(parser, fields);
            return new Parsed(fields, complete ? Completeness.COMPLETE : Completeness.TRUNCATED);
        } catch (IOException e) {
            return new Parsed(fields, fields.isEmpty() ? Completeness.NO_JSON : Completeness.TRUNCATED);
        }
    }

    /** Reads fields until the object ends (true) or the input does (false); a nested object is flattened in. */
    private static boolean readObject(JsonParser parser, Map<String, Object> fields) throws IOException {
        while (true) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (IOException e) {
                return false;
            }
            if (token == null) {
                return false;
            }
            if (token == JsonToken.END_OBJECT) {
                return true;
            }
            String name = parser.currentName();
            JsonToken value;
            try {
                value = parser.nextToken();
            } catch (IOException e) {
                return false;
            }
            if (value == null) {
                return false;
            }
            try {
                switch (value) {
                    case VALUE_STRING -> fields.put(name, parser.getText());
                    case START_ARRAY -> {
                        List<String> items = readArray(parser);
                        if (items == null) {
                            return false;
                        }
                        fields.put(name, items);
                    }
                    case START_OBJECT -> {
                        if (!readObject(parser, fields)) {
                            return false;
                        }
                    }
                    default -> {
                        if (value.isScalarValue()) {
                            fields.put(name, parser.getText());
                        }
                    }
                }
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** The strings of an array (scalars as text, nested structures skipped); null when the input ends inside. */
    private static List<String> readArray(JsonParser parser) throws IOException {
        List<String> items = new ArrayList<>();
        while (true) {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return null;
            }
            if (t == JsonToken.END_ARRAY) {
                return items;
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                parser.skipChildren();
            } else {
                items.add(parser.getText());
            }
        }
    }
}
