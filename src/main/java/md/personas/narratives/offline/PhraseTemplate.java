package md.personas.narratives.offline;

import java.util.ArrayList;
import java.util.List;

/**
 * A phrase of the offline writer's phrase bank, parsed once at load time. The small language keeps Romanian
 * sentences readable in the resource files while letting one line stand for many sentences:
 * <ul>
 *   <li>{@code {masculine|feminine}}: the form that agrees with the persona's sex, e.g. {@code născut{|ă}};</li>
 *   <li>{@code [one|other|third]}: one alternative, chosen with the persona's own randomness; {@code [text]}
 *       alone is optional text;</li>
 *   <li>{@code <name>}: a variable of the scene (first name, locality, job title, a chosen fact...).</li>
 * </ul>
 * Groups nest. There is no escape: the phrase bank never needs the characters {@code { } [ ] < > |} as text.
 */
final class PhraseTemplate {

    private final String source;
    private final Node[] nodes;

    private PhraseTemplate(String source, Node[] nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    static PhraseTemplate parse(String source) {
        Parser p = new Parser(source);
        Node[] nodes = p.sequence('\0');
        if (p.pos != source.length()) {
            throw new IllegalArgumentException("unbalanced '" + source.charAt(p.pos) + "' at " + p.pos + " in: "
                    + source);
        }
        return new PhraseTemplate(source, nodes);
    }

    String source() {
        return source;
    }

    void render(StringBuilder out, Scene scene) {
        renderAll(nodes, out, scene);
    }

    String render(Scene scene) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        render(out, scene);
        return out.toString();
    }

    /** Every variable name the template may read, for load-time checks. */
    List<String> variables() {
        List<String> out = new ArrayList<>();
        collectVariables(nodes, out);
        return out;
    }

    /**
     * Every text the template can produce for one sex with variables left as {@code <name>}: used by the phrase
     * bank checks (gender agreement, diacritics). Alternatives multiply, so callers keep templates small.
     */
    List<String> expansions(boolean female) {
        List<String> out = new ArrayList<>();
        out.add("");
        return expand(nodes, female, out);
    }

    private static void renderAll(Node[] nodes, StringBuilder out, Scene scene) {
        for (Node n : nodes) {
            n.render(out, scene);
        }
    }

    private static void collectVariables(Node[] nodes, List<String> out) {
        for (Node n : nodes) {
            if (n instanceof Var v) {
                out.add(v.name);
            } else if (n instanceof Gender g) {
                collectVariables(g.masculine, out);
                collectVariables(g.feminine, out);
            } else if (n instanceof Choice c) {
                for (Node[] option : c.options) {
                    collectVariables(option, out);
                }
            }
        }
    }

    private static List<String> expand(Node[] nodes, boolean female, List<String> prefixes) {
        List<String> current = prefixes;
        for (Node n : nodes) {
            List<String> next = new ArrayList<>();
            if (n instanceof Text t) {
                for (String s : current) {
                    next.add(s + t.text);
                }
            } else if (n instanceof Var v) {
                for (String s : current) {
                    next.add(s + "<" + v.name + ">");
                }
            } else if (n instanceof Gender g) {
                next.addAll(expand(female ? g.feminine : g.masculine, female, current));
            } else if (n instanceof Choice c) {
                for (Node[] option : c.options) {
                    next.addAll(expand(option, female, current));
                }
            }
            if (next.size() > 100_000) {
                throw new IllegalStateException("too many expansions of a template");
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return source;
    }

    private sealed interface Node permits Text, Var, Gender, Choice {
        void render(StringBuilder out, Scene scene);
    }

    private record Text(String text) implements Node {
        @Override
        public void render(StringBuilder out, Scene scene) {
            out.append(text);
        }
    }

    private record Var(String name) implements Node {
        @Override
        public void render(StringBuilder out, Scene scene) {
            out.append(scene.variable(name));
        }
    }

    private record Gender(Node[] masculine, Node[] feminine) implements Node {
        @Override
        public void render(StringBuilder out, Scene scene) {
            renderAll(scene.female() ? feminine : masculine, out, scene);
        }
    }

    private record Choice(Node[][] options) implements Node {
        @Override
        public void render(StringBuilder out, Scene scene) {
            renderAll(options[scene.dice().below(options.length)], out, scene);
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        /** Nodes up to (not including) a closing character or '|' of the enclosing group. */
        Node[] sequence(char close) {
            List<Node> out = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '|' || c == '}' || c == ']') {
                    if (close == '\0') {
                        throw new IllegalArgumentException("stray '" + c + "' at " + pos + " in: " + s);
                    }
                    break;
                }
                if (c == '{' || c == '[' || c == '<') {
                    flush(text, out);
                    pos++;
                    out.add(switch (c) {
                        case '{' -> gender();
                        case '[' -> choice();
                        default -> variable();
                    });
                } else if (c == '>') {
                    throw new IllegalArgumentException("stray '>' at " + pos + " in: " + s);
                } else {
                    text.append(c);
                    pos++;
                }
            }
            flush(text, out);
            return out.toArray(new Node[0]);
        }

        private Node gender() {
            Node[] m = sequence('}');
            expect('|');
            Node[] f = sequence('}');
            expect('}');
            return new Gender(m, f);
        }

        private Node choice() {
            List<Node[]> options = new ArrayList<>();
            options.add(sequence(']'));
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                options.add(sequence(']'));
            }
            expect(']');
            if (options.size() == 1) {
                options.add(new Node[0]); // [text] alone: the text or nothing
            }
            return new Choice(options.toArray(new Node[0][]));
        }

        private Node variable() {
            int end = s.indexOf('>', pos);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '<' in: " + s);
            }
            String name = s.substring(pos, end);
            if (!name.matches("[a-z_0-9]+")) {
                throw new IllegalArgumentException("bad variable name '" + name + "' in: " + s);
            }
            pos = end + 1;
            return new Var(name);
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos + " in: " + s);
            }
            pos++;
        }

        private static void flush(StringBuilder text, List<Node> out) {
            if (text.length() > 0) {
                out.add(new Text(text.toString()));
                text.setLength(0);
            }
        }
    }
}
