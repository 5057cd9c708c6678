package md.personas.narratives.llm;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Fills {@code {{name}}} placeholders of the prompt resource. An unknown placeholder is a bug in the resource. */
final class PromptTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private PromptTemplate() {
    }

    static String render(String template, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("prompt placeholder {{" + m.group(1) + "}} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Renders line by line, leaving out every line with a placeholder whose value is empty. */
    static String renderLines(String template, Map<String, String> vars) {
        return template.lines()
                .filter(line -> {
                    Matcher m = PLACEHOLDER.matcher(line);
                    while (m.find()) {
                        String v = vars.get(m.group(1));
                        if (v != null && v.isBlank()) {
                            return false;
                        }
                    }
                    return true;
                })
                .map(line -> render(line, vars))
                .collect(Collectors.joining("\n"));
    }
}
