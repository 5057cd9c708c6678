package md.personas.release;

import java.util.Locale;

/**
 * How numbers and labels are printed in the stats Markdown, the charts and the dataset card: fixed formats in
 * {@link Locale#ROOT}, so the same figures give the same bytes on every machine.
 */
final class ReportText {

    private ReportText() {
    }

    /** A share as a percentage with two decimals: 0.12345 -> "12.35%". */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /** A round share as a short percentage for an axis: 0.05 -> "5%", 0.025 -> "2.5%", 0.0002 -> "0.02%". */
    static String percentShort(double share) {
        java.math.BigDecimal pct = java.math.BigDecimal.valueOf(share * 100)
                .setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (pct.signum() == 0 ? "0" : pct.toPlainString()) + "%";
    }

    /** Percentage points, signed, two decimals: "+0.12", "-1.30", "0.00". */
    static String pp(double pp) {
        String s = String.format(Locale.ROOT, "%+.2f", pp);
        return s.equals("+0.00") || s.equals("-0.00") ? "0.00" : s;
    }

    /** An unsigned amount with two decimals. */
    static String decimal2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Two decimals with thousands separators: 1857.29 -> "1,857.29". */
    static String grouped2(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    /** "1 evaluation", "3 evaluations". */
    static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** A small probability readably: three decimals, or scientific below 0.001, "0" for exactly zero. */
    static String pValue(double p) {
        if (p == 0) {
            return "0";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** A count with thousands separators: 1234567 -> "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    static String cell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace('\n', ' ');
    }

    /** A file-name-safe form of a table name: "region x ethnicity" -> "region_x_ethnicity". */
    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    /** Text escaped for XML content and attribute values. */
    /** The opening of an SVG chart: document, size, font, title, white background and the heading. */
    static StringBuilder svgStart(int width, int height, String title) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" ")
                .append("font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">\n");
        s.append("<title>").append(xml(title)).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append("<text x=\"12\" y=\"22\" font-size=\"15\" font-weight=\"bold\">").append(xml(title))
                .append("</text>\n");
        return s;
    }

    static String xml(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An SVG coordinate: one decimal. */
    static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** At most {@code max} characters, with an ellipsis when cut. */
    static String abbreviate(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s
                : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
