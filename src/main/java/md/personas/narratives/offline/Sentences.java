package md.personas.narratives.offline;

import java.util.List;

/** Small Romanian text helpers: sentence capitals, list joins, the "de" of numerals. */
final class Sentences {

    private Sentences() {
    }

    /** Upper-cases the first letter of the text and of every sentence after ". ", "! " or "? ". */
    static String capitalize(String text) {
        char[] c = text.toCharArray();
        boolean start = true;
        for (int i = 0; i < c.length; i++) {
            char ch = c[i];
            if (start && Character.isLetter(ch)) {
                c[i] = Character.toUpperCase(ch);
                start = false;
            } else if (start && !Character.isWhitespace(ch) && ch != '„' && ch != '"' && ch != '(') {
                start = false;
            }
            if ((ch == '.' || ch == '!' || ch == '?') && i + 1 < c.length && c[i + 1] == ' ') {
                start = true;
            }
        }
        return new String(c);
    }

    static String upperFirst(String s) {
        if (s.isEmpty()) {
            return s;
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String lowerFirst(String s) {
        if (s.isEmpty()) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** "a", "a și b", "a, b și c". */
    static String enumerate(List<String> items) {
        int n = items.size();
        if (n == 0) {
            return "";
        }
        if (n == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, n - 1)) + " și " + items.get(n - 1);
    }

    /** "18 ani", "45 de ani", "101 ani": Romanian puts "de" after numerals whose last two digits are 0 or 20-99. */
    static String years(int n) {
        int lastTwo = n % 100;
        return n + (lastTwo == 0 || lastTwo >= 20 ? " de ani" : " ani");
    }

    /** Ends a sentence with a full stop unless it already ends with terminal punctuation. */
    static String terminate(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
