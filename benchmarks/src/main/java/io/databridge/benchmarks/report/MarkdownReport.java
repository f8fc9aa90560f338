package io.databridge.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.databridge.benchmarks.profile.CpuBreakdown;
import io.databridge.benchmarks.profile.CpuLayer;
import io.databridge.benchmarks.workload.Column;
import io.databridge.benchmarks.workload.ThroughputWorkload;
import io.databridge.benchmarks.workload.Workload;

/**
 * Writes a run's results as Markdown: the machine, the contenders, the targets with PASS,
 * TIE or MISS, then one table per workload with the median, min and max across rounds of
 * each number and the ratios to the baseline.
 *
 * @author Databridge team
 */
public final class MarkdownReport {

	private MarkdownReport() {
	}

	/**
	 * Renders the report.
	 * @param info the run
	 * @param results the results
	 * @return the Markdown text
	 */
	public static String render(RunInfo info, Results results) {
		StringBuilder out = new StringBuilder();
		out.append("# Databridge benchmark results\n\n");
		out.append("Run on ")
			.append(info.date())
			.append(" in ")
			.append(String.format(Locale.ROOT, "%.0f", info.elapsedSeconds()))
			.append(" s: ")
			.append(info.options())
			.append(". Produced by `benchmarks/run` (see the README's Benchmarks section); ")
			.append("numbers from one run on a shared machine are noisy, so compare ratios within this run only.\n\n");
		out.append("![Median results per workload](latest.svg)\n\n");
		out.append("## Machine\n\n| | |\n|---|---|\n");
		info.machine().forEach((name, value) -> row(out, name, value));
		info.server().forEach((name, value) -> row(out, "PostgreSQL " + name, value));
		out.append("\n## Contenders\n\n| Name | What it is |\n|---|---|\n");
		info.contenders().forEach((name, description) -> row(out, "`" + name + "`", description));
		out.append("\nEvery pool has 10 connections; every operation borrows a connection, runs one statement with a "
				+ "bound parameter, reads every row and gives the connection back. The R2DBC contenders run the "
				+ "same code on their `ConnectionFactory`, so only the pool differs.\n");
		out.append("\n## Targets (medians of this run)\n\n");
		out.append("A target is judged on the ratio of the two medians. \"By round\" is the same ratio taken within "
				+ "each round, where both contenders ran a few seconds apart: its lowest, highest and median value "
				+ "show how much of a result is the machine's drift between rounds.\n\n");
		out.append("| Target | Measured | Result |\n|---|---|---|\n");
		for (Targets.Target target : Targets.check(results)) {
			row(out, target.name(), target.measured(), "**" + target.mark() + "**");
		}
		for (Workload workload : results.workloads()) {
			workload(out, workload, results);
		}
		out.append("\n## How to read this\n\n")
			.append("Each cell is the median across rounds with the lowest and highest round in brackets. ")
			.append("`x base` is the ratio of the medians to the workload's baseline (")
			.append("Databridge with its defaults, or row-by-row for the bulk load): above 1 means more ")
			.append("throughput, or for latencies a longer wait. Rounds run every contender once, in an order rotated ")
			.append("each round, after a warm-up (for the throughput workloads, in each contender's own JVM, until ")
			.append("its just-in-time compiler has caught up), so that drift on the machine spreads over all of them.\n");
		return out.toString();
	}

	private static void workload(StringBuilder out, Workload workload, Results results) {
		String name = workload.name();
		out.append("\n## ").append(workload.title()).append(" (`").append(name).append("`)\n\n");
		out.append(workload.description()).append("\n\n");
		List<Column> columns = workload.columns();
		StringBuilder header = new StringBuilder("| ")
			.append(workload.name().equals("bulk-load") ? "Method" : "Contender");
		StringBuilder rule = new StringBuilder("|---");
		for (Column column : columns) {
			header.append(" | ").append(column.heading());
			rule.append("|---:");
			if (column.ratio()) {
				header.append(" | x base");
				rule.append("|---:");
			}
		}
		out.append(header).append(" | rounds | note |\n").append(rule).append("|---:|---|\n");
		for (String subject : results.subjects(name)) {
			out.append("| `").append(subject).append("`");
			for (Column column : columns) {
				Summary summary = results.summary(name, subject, column.key());
				out.append(" | ").append(cell(summary, column.decimals()));
				if (column.ratio()) {
					Summary base = results.summary(name, workload.baseline(), column.key());
					out.append(" | ").append(ratio(summary, base));
				}
			}
			out.append(" | ")
				.append(results.rounds(name, subject))
				.append(" | ")
				.append(results.note(name, subject))
				.append(" |\n");
		}
		breakdown(out, name, results);
	}

	private static void breakdown(StringBuilder out, String workload, Results results) {
		Map<String, CpuBreakdown> breakdowns = results.breakdowns(workload);
		if (breakdowns.isEmpty()) {
			return;
		}
		out.append("\nWhere each profiled contender's JVM CPU went, in µs per operation (the median `JVM CPU µs/op` ")
			.append("above, shared out by the profile samples of all its rounds; profiling itself costs some of it). ")
			.append("A sample counts for the kernel when its innermost frame is a system call, for JIT and GC when ")
			.append("its thread runs no Java code, and otherwise for the innermost library on its stack; time in ")
			.append("the JDK counts for its caller.\n\n");
		StringBuilder header = new StringBuilder("| Contender | JVM CPU µs/op | samples");
		StringBuilder rule = new StringBuilder("|---|---:|---:");
		for (CpuLayer layer : CpuLayer.values()) {
			header.append(" | ").append(layer.label());
			rule.append("|---:");
		}
		out.append(header).append(" |\n").append(rule).append("|\n");
		breakdowns.forEach((subject, breakdown) -> {
			Summary cpu = results.summary(workload, subject, ThroughputWorkload.CPU_PER_OPERATION);
			out.append("| `").append(subject).append("` | ").append(cpu.present() ? number(cpu.median(), 1) : "n/a");
			out.append(" | ").append(number(breakdown.total(), 0));
			for (CpuLayer layer : CpuLayer.values()) {
				double share = breakdown.share(layer);
				out.append(" | ")
					.append(cpu.present() ? number(share * cpu.median(), 1) : "")
					.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * share));
			}
			out.append(" |\n");
		});
	}

	private static String cell(Summary summary, int decimals) {
		if (!summary.present()) {
			return "n/a";
		}
		if (summary.count() == 1 || summary.min() == summary.max()) {
			return number(summary.median(), decimals);
		}
		return number(summary.median(), decimals) + " (" + number(summary.min(), decimals) + "–"
				+ number(summary.max(), decimals) + ")";
	}

	private static String ratio(Summary summary, Summary base) {
		if (!summary.present() || !base.present() || base.median() == 0) {
			return "n/a";
		}
		return String.format(Locale.ROOT, "%.2f", summary.median() / base.median());
	}

	static String number(double value, int decimals) {
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	private static void row(StringBuilder out, String... cells) {
		out.append("| ").append(String.join(" | ", cells).replace("\n", " ")).append(" |\n");
	}

}
