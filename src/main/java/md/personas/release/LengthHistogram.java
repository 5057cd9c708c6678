package md.personas.release;

import md.personas.monitoring.DatasetReport.Histogram;

/**
 * An SVG histogram of one narrative field's length in characters, with the narrative contract's range marked
 * by dashed lines where the contract sets one.
 */
final class LengthHistogram {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int BOTTOM = 52;

    private LengthHistogram() {
    }

    /**
     * @param contractMin the contract's minimum length, or null
     * @param contractMax the contract's maximum length, or null
     */
    static String svg(String title, Histogram h, Integer contractMin, Integer contractMax) {
        long[] counts = h.counts();
        long top = 0;
        for (long c : counts) {
            top = Math.max(top, c);
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double binWidth = plotWidth / counts.length;
        double yBase = TOP + plotHeight;
        StringBuilder s = ReportText.svgStart(WIDTH, HEIGHT, title);
        line(s, LEFT, yBase, WIDTH - RIGHT, yBase, "#555555", false);
        line(s, LEFT, TOP, LEFT, yBase, "#555555", false);
        s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 4)
                .append("\" text-anchor=\"end\" font-size=\"11\">").append(ReportText.count(top)).append("</text>\n");
        s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(ReportText.coord(yBase))
                .append("\" text-anchor=\"end\" font-size=\"11\">0</text>\n");
        for (int b = 0; b < counts.length; b++) {
            double x = LEFT + b * binWidth;
            double height = top == 0 ? 0 : plotHeight * counts[b] / top;
            s.append("<rect x=\"").append(ReportText.coord(x + 1)).append("\" y=\"")
                    .append(ReportText.coord(yBase - height)).append("\" width=\"")
                    .append(ReportText.coord(binWidth - 2)).append("\" height=\"").append(ReportText.coord(height))
                    .append("\" fill=\"").append(h.isOpen(b) ? "#7a9cc0" : "#1f6fb2").append("\">")
                    .append("<title>").append(binLabel(h, b)).append(": ").append(ReportText.count(counts[b]))
                    .append("</title></rect>\n");
            if (b % 5 == 0 || h.isOpen(b)) { // a tick at the bin's start, the length it begins with
                line(s, x, yBase, x, yBase + 4, "#555555", false);
                s.append("<text x=\"").append(ReportText.coord(x)).append("\" y=\"")
                        .append(ReportText.coord(yBase + 16)).append("\" text-anchor=\"middle\" font-size=\"10\">")
                        .append(h.isOpen(b) ? "≥" + ReportText.count(h.binStart(b)) : ReportText.count(h.binStart(b)))
                        .append("</text>\n");
            }
        }
        double limit = h.binStart(counts.length - 1);
        for (Integer bound : new Integer[] {contractMin, contractMax}) {
            if (bound != null && bound <= limit) {
                double x = LEFT + plotWidth * bound / (limit + h.binWidth());
                line(s, x, TOP, x, yBase, "#c0392b", true);
            }
        }
        String caption = "characters per record (bins of " + h.binWidth() + ")"
                + (contractMin != null || contractMax != null ? "; dashed: the narrative contract's range" : "");
        s.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 12)
                .append("\" font-size=\"11\" fill=\"#555555\">").append(ReportText.xml(caption)).append("</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private static String binLabel(Histogram h, int b) {
        return h.isOpen(b) ? ReportText.count(h.binStart(b)) + " or more"
                : ReportText.count(h.binStart(b)) + "-" + ReportText.count(h.binStart(b) + h.binWidth() - 1);
    }

    private static void line(StringBuilder s, double x1, double y1, double x2, double y2, String stroke,
            boolean dashed) {
        s.append("<line x1=\"").append(ReportText.coord(x1)).append("\" y1=\"").append(ReportText.coord(y1))
                .append("\" x2=\"").append(ReportText.coord(x2)).append("\" y2=\"").append(ReportText.coord(y2))
                .append("\" stroke=\"").append(stroke).append('"')
                .append(dashed ? " stroke-dasharray=\"5,4\" stroke-width=\"1.5\"" : "").append("/>\n");
    }
}
