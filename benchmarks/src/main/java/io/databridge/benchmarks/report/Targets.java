package io.databridge.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.databridge.benchmarks.workload.ThroughputWorkload;
import org.jspecify.annotations.Nullable;

/**
 * The targets of the benchmark issue, checked against the medians of a run.
 *
 * @author Databridge team
 */
public final class Targets {

	private static final String DATABRIDGE = "databridge";

	private Targets() {
	}

	/**
	 * Checks every target.
	 * @param results the results
	 * @return one line per target and workload
	 */
	public static List<Target> check(Results results) {
		List<Target> targets = new ArrayList<>();
		for (String workload : List.of("point-select", "insert")) {
			targets.add(
					ratio(results, workload, "r2dbc-pool", 0.95, "Databridge defaults >= 0.95x hand-built r2dbc-pool"));
			targets.add(ratio(results, workload, "boot-validation-query", 1.5,
					"Databridge defaults >= 1.5x Spring Boot with validation-query"));
			targets
				.add(ratio(results, workload, "vertx", 0.9, "Databridge >= 0.9x vertx-pg-client without pipelining"));
			targets.add(ratio(results, workload, "pgbench", Double.NaN, "Databridge / pgbench (reported, no target)"));
		}
		for (String workload : List.of("one", "first", "spring-data", "transaction")) {
			targets.add(ratio(results, workload, "r2dbc-pool", 0.95, "Databridge defaults level with r2dbc-pool"));
			targets.add(ratio(results, workload, "boot", 0.95, "Databridge defaults level with Spring Boot"));
		}
		targets.add(ratio(results, "http", "webflux-databridge", "webflux-boot", "requests/s", 0.95,
				"WebFlux on Databridge level with WebFlux on Spring Boot's spring.r2dbc"));
		targets.add(ratio(results, "http", "webflux-databridge", "mvc-virtual-threads", "requests/s", 0.95,
				"WebFlux on Databridge level with Spring MVC + JDBC + HikariCP on virtual threads"));
		targets.add(ratio(results, "http", "webflux-databridge", "webflux-boot", ThroughputWorkload.CPU_PER_OPERATION,
				"µs/request", Double.NaN,
				"Application CPU time per request, WebFlux on Databridge / WebFlux on Boot (reported, no target)"));
		targets.add(ratio(results, "http", "webflux-databridge", "mvc-virtual-threads",
				ThroughputWorkload.CPU_PER_OPERATION, "µs/request", Double.NaN,
				"Application CPU time per request, WebFlux on Databridge / MVC on virtual threads (reported, no target)"));
		targets.add(ratio(results, "point-select", "databridge-unnamed", DATABRIDGE, "ops/s", Double.NaN,
				"Unnamed statements (statement-cache-size=0) / named, direct (reported, no target)"));
		targets.add(ratio(results, "point-select", "databridge-pgbouncer", "databridge-unnamed", "ops/s", Double.NaN,
				"Through PgBouncer (transaction mode) / direct, both unnamed (reported, no target)"));
		targets.add(firstAgainstOne(results));
		targets.add(connectionsOpened(results));
		targets.add(copy(results));
		targets.add(oversubscribed(results));
		return targets;
	}

	private static Target ratio(Results results, String workload, String other, double minimum, String name) {
		return ratio(results, workload, DATABRIDGE, other, "ops/s", minimum, name);
	}

	private static Target ratio(Results results, String workload, String subject, String other, String unit,
			double minimum, String name) {
		return ratio(results, workload, subject, other, "ops", unit, minimum, name);
	}

	/**
	 * Judges, or only reports when the minimum is NaN, the ratio of one subject's median
	 * of a number to another's.
	 */
	private static Target ratio(Results results, String workload, String subject, String other, String key, String unit,
			double minimum, String name) {
		Summary ours = results.summary(workload, subject, key);
		Summary theirs = results.summary(workload, other, key);
		String label = name + " (" + workload + ")";
		if (!ours.present() || !theirs.present()) {
			return new Target(label, "not measured" + reason(results, workload, other), null);
		}
		double ratio = ours.median() / theirs.median();
		List<Double> byRound = results.ratiosByRound(workload, subject, other, key);
		String measured = String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f %s%s)", ratio, ours.median(),
				theirs.median(), unit, byRound(byRound));
		if (Double.isNaN(minimum)) {
			return new Target(label, measured, null);
		}
		Summary rounds = Summary.of(byRound);
		boolean withinSpread = rounds.count() >= 2 && minimum <= rounds.max();
		return new Target(label, measured, ratio >= minimum, withinSpread);
	}

	private static String byRound(List<Double> ratios) {
		Summary summary = Summary.of(ratios);
		if (summary.count() < 2) {
			return "";
		}
		return String.format(Locale.ROOT, "; by round %.2fx–%.2fx, median %.2fx", summary.min(), summary.max(),
				summary.median());
	}

	private static Target firstAgainstOne(Results results) {
		Summary first = results.summary("first", DATABRIDGE, "ops");
		Summary one = results.summary("one", DATABRIDGE, "ops");
		String label = "Databridge: DatabaseClient first() >= 0.8x one() (first vs one)";
		if (!first.present() || !one.present()) {
			return new Target(label, "not measured", null);
		}
		double ratio = first.median() / one.median();
		return new Target(label,
				String.format(Locale.ROOT, "%.2fx (%,.0f vs %,.0f ops/s)", ratio, first.median(), one.median()),
				ratio >= 0.8);
	}

	private static Target connectionsOpened(Results results) {
		String label = "Databridge opens no server connection after warm-up (every throughput workload)";
		List<String> measured = new ArrayList<>();
		double most = 0;
		for (String workload : List.of("point-select", "insert", "one", "first", "spring-data", "transaction")) {
			Summary opened = results.summary(workload, DATABRIDGE, "conns");
			if (opened.present()) {
				measured.add(String.format(Locale.ROOT, "%s %.2f", workload, opened.max()));
				most = Math.max(most, opened.max());
			}
		}
		if (measured.isEmpty()) {
			return new Target(label, "not measured", null);
		}
		return new Target(label, "most per 1,000 operations in any round: " + String.join(", ", measured), most == 0);
	}

	private static Target copy(Results results) {
		Summary copy = results.summary("bulk-load", "copy", "rows/s");
		Summary rowByRow = results.summary("bulk-load", "row-by-row", "rows/s");
		String label = "COPY >= 10x row-by-row insert (bulk-load)";
		if (!copy.present() || !rowByRow.present()) {
			return new Target(label, "not measured", null);
		}
		double ratio = copy.median() / rowByRow.median();
		return new Target(label,
				String.format(Locale.ROOT, "%.1fx (%,.0f vs %,.0f rows/s)", ratio, copy.median(), rowByRow.median()),
				ratio >= 10);
	}

	private static Target oversubscribed(Results results) {
		Summary p50 = results.summary("oversubscribed", DATABRIDGE, "wait.p50");
		Summary p99 = results.summary("oversubscribed", DATABRIDGE, "wait.p99");
		Summary fairness = results.summary("oversubscribed", DATABRIDGE, "caller.min/median");
		String label = "Oversubscribed: Databridge p99 acquire wait <= 3x median, no caller starved";
		if (!p50.present() || !p99.present() || !fairness.present()) {
			return new Target(label, "not measured", null);
		}
		double ratio = p99.median() / p50.median();
		String measured = String.format(Locale.ROOT,
				"p99/p50 = %.2f (%.2f / %.2f ms); slowest caller at %.2f of the median caller", ratio, p99.median(),
				p50.median(), fairness.median());
		return new Target(label, measured, ratio <= 3 && fairness.median() >= 0.5);
	}

	private static String reason(Results results, String workload, String subject) {
		String note = results.note(workload, subject);
		return note.isEmpty() ? "" : ": " + note;
	}

	/**
	 * One target and how the run did.
	 *
	 * @param name what is targeted
	 * @param measured the medians it was judged on
	 * @param passed whether it was met, {@code null} when there is no target or nothing
	 * was measured
	 * @param withinSpread whether the target lies within the ratios taken round by round,
	 * so that the run cannot tell a miss from the machine's drift
	 */
	public record Target(String name, String measured, @Nullable Boolean passed, boolean withinSpread) {

		/**
		 * Creates a target whose spread is not known.
		 * @param name what is targeted
		 * @param measured the medians it was judged on
		 * @param passed whether it was met, {@code null} when there is no target or
		 * nothing was measured
		 */
		public Target(String name, String measured, @Nullable Boolean passed) {
			this(name, measured, passed, false);
		}

		/**
		 * Returns the mark the report shows: a ratio that misses its target but whose
		 * target lies within the ratios taken round by round is a tie, not a miss.
		 * @return PASS, TIE, MISS or a dash
		 */
		public String mark() {
			if (this.passed == null) {
				return "-";
			}
			return this.passed ? "PASS" : this.withinSpread ? "TIE" : "MISS";
		}

	}

}
