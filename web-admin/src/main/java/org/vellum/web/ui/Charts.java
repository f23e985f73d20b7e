package org.vellum.web.ui;

import java.util.List;
import java.util.Locale;

/**
 * Small SVG charts drawn on the server from numbers and escaped labels only, so the page needs no script and no
 * library from elsewhere.
 */
final class Charts {
    private Charts() {}

    /** One bar: its label, its value, and the text shown beside it. */
    record Bar(String label, double value, String text) {}

    /** Horizontal bars scaled to {@code max} (the largest value when 0), one row per bar. */
    static String bars(String title, List<Bar> bars, double max) {
        double top = max > 0 ? max : bars.stream().mapToDouble(Bar::value).max().orElse(1);
        top = top <= 0 ? 1 : top;
        int row = 22;
        int height = 28 + row * Math.max(1, bars.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg class=\"chart\" role=\"img\" aria-label=\"%s\" viewBox=\"0 0 760 %d\" width=\"760\" height=\"%d\">",
                escape(title),
                height,
                height));
        svg.append("<title>").append(escape(title)).append("</title>");
        if (bars.isEmpty()) {
            svg.append("<text x=\"0\" y=\"40\" class=\"muted\">nothing to show yet</text>");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = 20 + i * row;
            double w = Math.max(1, 320 * Math.min(1, Math.max(0, b.value()) / top));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"0\" y=\"%d\" class=\"label\">%s</text>"
                            + "<rect x=\"170\" y=\"%d\" width=\"%.1f\" height=\"14\" class=\"bar\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s</text>",
                    y + 11,
                    escape(clip(b.label())),
                    y,
                    w,
                    176 + w,
                    y + 11,
                    escape(b.text())));
        }
        return svg.append("</svg>").toString();
    }

    private static String clip(String s) {
        return s.length() > 24 ? s.substring(0, 23) + "…" : s;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
