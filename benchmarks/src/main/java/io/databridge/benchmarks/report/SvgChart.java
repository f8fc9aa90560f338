package io.databridge.benchmarks.report;

import java.util.List;
import java.util.Locale;

import io.databridge.benchmarks.workload.Column;
import io.databridge.benchmarks.workload.Workload;

/**
 * Draws a run's results as one SVG image: for each workload, a horizontal bar per subject
 * at the median of the workload's headline number, with a line from the lowest to the
 * highest round. The baseline's bar is highlighted.
 *
 * @author Databridge team
 */
public final class SvgChart {

	private static final int WIDTH = 960;

	private static final int LABEL_WIDTH = 230;

	private static final int VALUE_WIDTH = 130;

	private static final int BAR_HEIGHT = 18;

	private static final int GAP = 6;

	private SvgChart() {
	}

	/**
	 * Renders the chart.
	 * @param results the results
	 * @return the SVG document
	 */
	public static String render(Results results) {
		StringBuilder body = new StringBuilder();
		int y = 10;
		for (Workload workload : results.workloads()) {
			y = panel(body, workload, results, y) + 24;
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + y + "\" viewBox=\"0 0 "
				+ WIDTH + " " + y + "\" font-family=\"sans-serif\" font-size=\"12\">\n"
				+ "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n";
	}

	private static int panel(StringBuilder out, Workload workload, Results results, int top) {
		Column headline = workload.columns().get(0);
		List<String> subjects = results.subjects(workload.name());
		double scale = subjects.stream()
			.map((subject) -> results.summary(workload.name(), subject, headline.key()))
			.filter(Summary::present)
			.mapToDouble(Summary::max)
			.max()
			.orElse(1);
		int y = top + 16;
		text(out, 10, y, "bold", workload.title() + ": median " + headline.heading() + " ("
				+ (headline.higherIsBetter() ? "higher" : "lower") + " is better; line: lowest to highest round)");
		y += 10;
		int plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20;
		for (String subject : subjects) {
			Summary summary = results.summary(workload.name(), subject, headline.key());
			text(out, LABEL_WIDTH - 8, y + BAR_HEIGHT - 5, "end", subject);
			if (summary.present()) {
				String fill = subject.equals(workload.baseline()) ? "#d9480f" : "#4c6ef5";
				out.append(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", LABEL_WIDTH, y,
						Math.max(1, plot * summary.median() / scale), BAR_HEIGHT, fill));
				out.append(String.format(Locale.ROOT,
						"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#212529\" stroke-width=\"1.5\"/>\n",
						LABEL_WIDTH + plot * summary.min() / scale, y + BAR_HEIGHT / 2,
						LABEL_WIDTH + plot * summary.max() / scale, y + BAR_HEIGHT / 2));
				text(out, LABEL_WIDTH + plot + 8, y + BAR_HEIGHT - 5, "start",
						MarkdownReport.number(summary.median(), headline.decimals()) + " " + unit(headline));
			}
			else {
				String note = results.note(workload.name(), subject);
				text(out, LABEL_WIDTH + 4, y + BAR_HEIGHT - 5, "start", note.isEmpty() ? "n/a" : note);
			}
			y += BAR_HEIGHT + GAP;
		}
		return y;
	}

	private static String unit(Column column) {
		String heading = column.heading();
		return heading.substring(heading.lastIndexOf(' ') + 1);
	}

	private static void text(StringBuilder out, int x, int y, String style, String text) {
		String anchor = style.equals("end") ? " text-anchor=\"end\"" : "";
		String weight = style.equals("bold") ? " font-weight=\"bold\" font-size=\"14\"" : "";
		out.append("<text x=\"")
			.append(x)
			.append("\" y=\"")
			.append(y)
			.append('"')
			.append(anchor)
			.append(weight)
			.append('>')
			.append(escape(text))
			.append("</text>\n");
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
