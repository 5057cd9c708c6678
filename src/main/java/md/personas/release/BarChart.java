package md.personas.release;

import java.util.List;

/**
 * An SVG chart of observed against target shares, one row per cell: a grey target bar above a blue observed bar,
 * both shares printed beside them. Written by hand (a few dozen lines, no library), UTF-8, so Romanian labels
 * (Chișinău, Găgăuzia) show as themselves in a browser or on GitHub.
 */
final class BarChart {

    /** One cell: its label and its two shares. */
    record Bar(String label, double target, double observed) { }

    private static final int ROW = 26;
    private static final int TOP = 58;
    private static final int PLOT_WIDTH = 420;
    private static final int VALUE_WIDTH = 240;
    private static final int MAX_LABEL_CHARS = 44;

    private BarChart() {
    }

    /**
     * @param note a line under the chart (e.g. how many cells are not shown), or null
     */
    static String svg(String title, List<Bar> bars, String note) {
        int longest = bars.stream().mapToInt(b -> ReportText.abbreviate(b.label(), MAX_LABEL_CHARS).length())
                .max().orElse(4);
        int labelWidth = Math.max(120, Math.min(340, longest * 7 + 16));
        int width = labelWidth + PLOT_WIDTH + VALUE_WIDTH;
        int height = TOP + bars.size() * ROW + 34 + (note == null ? 0 : 18);
        double step = niceStep(bars.stream().mapToDouble(b -> Math.max(b.target(), b.observed())).max().orElse(0));
        double scale = 4 * step;
        StringBuilder s = ReportText.svgStart(width, height, title);
        legend(s, labelWidth);
        int plotBottom = TOP + bars.size() * ROW;
        for (int k = 0; k <= 4; k++) {
            double x = labelWidth + PLOT_WIDTH * k / 4.0;
            s.append("<line x1=\"").append(ReportText.coord(x)).append("\" y1=\"").append(TOP - 4)
                    .append("\" x2=\"").append(ReportText.coord(x)).append("\" y2=\"").append(plotBottom)
                    .append("\" stroke=\"#e3e7eb\"/>\n");
            s.append("<text x=\"").append(ReportText.coord(x)).append("\" y=\"").append(plotBottom + 16)
                    .append("\" text-anchor=\"middle\" fill=\"#555555\" font-size=\"11\">")
                    .append(ReportText.percentShort(step * k)).append("</text>\n");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = TOP + i * ROW;
            s.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 17)
                    .append("\" text-anchor=\"end\">").append(ReportText.xml(ReportText.abbreviate(b.label(),
                            MAX_LABEL_CHARS))).append("</text>\n");
            bar(s, labelWidth, y + 4, b.target() / scale * PLOT_WIDTH, "#b8c2cc");
            bar(s, labelWidth, y + 13, b.observed() / scale * PLOT_WIDTH, "#1f6fb2");
            s.append("<text x=\"").append(labelWidth + PLOT_WIDTH + 10).append("\" y=\"").append(y + 17)
                    .append("\" font-size=\"11\" fill=\"#333333\">").append(ReportText.percent(b.observed()))
                    .append(" observed · ").append(ReportText.percent(b.target())).append(" target</text>\n");
        }
        if (note != null) {
            s.append("<text x=\"12\" y=\"").append(plotBottom + 40).append("\" font-size=\"11\" fill=\"#555555\">")
                    .append(ReportText.xml(note)).append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void legend(StringBuilder s, int x) {
        s.append("<rect x=\"").append(x).append("\" y=\"34\" width=\"14\" height=\"8\" fill=\"#b8c2cc\"/>\n");
        s.append("<text x=\"").append(x + 20).append("\" y=\"42\" font-size=\"11\">census target</text>\n");
        s.append("<rect x=\"").append(x + 120).append("\" y=\"34\" width=\"14\" height=\"8\" fill=\"#1f6fb2\"/>\n");
        s.append("<text x=\"").append(x + 140).append("\" y=\"42\" font-size=\"11\">observed</text>\n");
    }

    private static void bar(StringBuilder s, int x, int y, double width, String fill) {
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                .append(ReportText.coord(Math.max(width, 0))).append("\" height=\"8\" fill=\"").append(fill)
                .append("\"/>\n");
    }

    /**
     * The axis step: a quarter of the largest share, rounded up to a round multiple of a power of ten, so that the
     * four gridlines fall on round percentages (0, 6%, 12%, 18%, 24%) and the bars fill most of the plot.
     */
    static double niceStep(double max) {
        if (max <= 0) {
            return 0.25;
        }
        double quarter = max / 4;
        double power = Math.pow(10, Math.floor(Math.log10(quarter)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10}) {
            if (m * power >= quarter * (1 - 1e-12)) {
                return m * power;
            }
        }
        return 10 * power;
    }
}
