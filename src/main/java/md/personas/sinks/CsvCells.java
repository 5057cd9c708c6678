package md.personas.sinks;

/**
 * Keeps untrusted text from running as a spreadsheet formula when the CSV release is opened in Excel, LibreOffice
 * or Google Sheets (CSV injection). A cell whose text would start a formula gets a leading single quote, the mark
 * these tools read as "text, not a formula", and which they do not show. A cell starts a formula when its first
 * character is a tab or a carriage return, or when its first character after leading whitespace is {@code =},
 * {@code +}, {@code -} or {@code @}.
 *
 * <p>Only the CSV release is neutralised; JSONL and Parquet keep the text exactly. The rule is reversible:
 * {@link #original(String)} gives back exactly the text {@link #neutralise(String)} was given, so that a reader (or
 * {@code validate}) can compare a CSV row with its Parquet row. To keep it reversible, text that already starts
 * with single quotes followed by a formula also gets one more quote.
 */
public final class CsvCells {

    private static final char QUOTE = '\'';

    private CsvCells() {
    }

    /** The cell to write for {@code text}: the text itself, or the text behind one single quote. */
    public static String neutralise(String text) {
        return needsQuote(text) ? QUOTE + text : text;
    }

    /** The text a CSV cell written by {@link #neutralise(String)} stands for. */
    public static String original(String cell) {
        return !cell.isEmpty() && cell.charAt(0) == QUOTE && needsQuote(cell.substring(1)) ? cell.substring(1) : cell;
    }

    /** Whether the text, with any leading single quotes set aside, would start a formula. */
    static boolean needsQuote(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == QUOTE) {
            i++;
        }
        if (i == text.length()) {
            return false;
        }
        char first = text.charAt(i);
        if (first == '\t' || first == '\r') {
            return true;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c == '=' || c == '+' || c == '-' || c == '@';
    }
}
