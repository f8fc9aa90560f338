package io.databridge.benchmarks.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.databridge.benchmarks.workload.Column;
import io.databridge.benchmarks.workload.Workload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Targets}.
 *
 * @author Databridge team
 */
class TargetsTests {

	@Test
	void ratioTargetsAreJudgedOnMediansAcrossRounds() {
		Results results = pointSelectRounds(new double[] { 90.0, 100.0, 1000.0 }, new double[] { 1.0, 104.0, 110.0 });
		Targets.Target target = Targets.check(results).get(0);
		assertThat(target.name()).contains("r2dbc-pool").contains("point-select");
		assertThat(target.measured()).startsWith("0.96x");
		assertThat(target.mark()).isEqualTo("PASS");
	}

	@Test
	void ratioTargetsShowTheSpreadOfTheRatiosWithinEachRound() {
		Results results = pointSelectRounds(new double[] { 80.0, 200.0, 90.0 }, new double[] { 100.0, 160.0, 100.0 });
		Targets.Target target = Targets.check(results).get(0);
		assertThat(target.measured()).isEqualTo("0.90x (90 vs 100 ops/s; by round 0.80x–1.25x, median 0.90x)");
	}

	@Test
	void ratioThatMissesATargetLyingWithinItsRatiosByRoundIsATie() {
		Results results = pointSelectRounds(new double[] { 80.0, 200.0, 90.0 }, new double[] { 100.0, 160.0, 100.0 });
		assertThat(Targets.check(results).get(0).mark()).isEqualTo("TIE");
	}

	@Test
	void ratioBelowItsTargetInEveryRoundIsAMiss() {
		Results results = pointSelectRounds(new double[] { 80.0, 150.0, 90.0 }, new double[] { 100.0, 160.0, 100.0 });
		Targets.Target target = Targets.check(results).get(0);
		assertThat(target.measured()).isEqualTo("0.90x (90 vs 100 ops/s; by round 0.80x–0.94x, median 0.90x)");
		assertThat(target.mark()).isEqualTo("MISS");
	}

	@Test
	void webStacksCpuTimePerRequestIsReportedAsARatioWithoutATarget() {
		Results results = new Results();
		Workload http = new FixedWorkload("http", "webflux-databridge", "webflux-boot");
		results.register(http);
		results.add(http, "webflux-databridge", 1, Map.of("ops", 1000.0, "cpu", 110.0));
		results.add(http, "webflux-boot", 1, Map.of("ops", 1000.0, "cpu", 100.0));
		results.add(http, "webflux-databridge", 2, Map.of("ops", 1000.0, "cpu", 120.0));
		results.add(http, "webflux-boot", 2, Map.of("ops", 1000.0, "cpu", 100.0));
		Targets.Target cpu = named(Targets.check(results),
				"Application CPU time per request, WebFlux on Databridge / WebFlux on Boot");
		assertThat(cpu.measured()).isEqualTo("1.15x (115 vs 100 µs/request; by round 1.10x–1.20x, median 1.15x)");
		assertThat(cpu.mark()).isEqualTo("-");
	}

	@Test
	void roundsThatMeasuredOnlyOneSideAreLeftOutOfTheRatiosByRound() {
		Results results = new Results();
		Workload pointSelect = new FixedWorkload("point-select", "databridge", "r2dbc-pool");
		results.register(pointSelect);
		results.add(pointSelect, "databridge", 1, Map.of("ops", 100.0));
		results.add(pointSelect, "databridge", 3, Map.of("ops", 100.0));
		results.add(pointSelect, "r2dbc-pool", 1, Map.of("ops", 50.0));
		results.add(pointSelect, "r2dbc-pool", 2, Map.of("ops", 10.0));
		results.add(pointSelect, "r2dbc-pool", 3, Map.of("ops", 200.0));
		assertThat(results.ratiosByRound("point-select", "databridge", "r2dbc-pool", "ops")).containsExactly(2.0, 0.5);
	}

	@Test
	void targetsWithoutMeasurementsAreNeitherPassedNorMissed() {
		Results results = new Results();
		Workload pointSelect = new FixedWorkload("point-select", "databridge");
		results.register(pointSelect);
		results.note(pointSelect, "pgbench", "pgbench not installed");
		Targets.Target pgbench = Targets.check(results).get(3);
		assertThat(pgbench.measured()).isEqualTo("not measured: pgbench not installed");
		assertThat(pgbench.mark()).isEqualTo("-");
	}

	@Test
	void copyMustBeTenTimesRowByRow() {
		Results results = new Results();
		Workload bulk = new FixedWorkload("bulk-load", "row-by-row", "copy");
		results.register(bulk);
		results.add(bulk, "row-by-row", 1, Map.of("rows/s", 10_000.0));
		results.add(bulk, "copy", 1, Map.of("rows/s", 99_000.0));
		Targets.Target copy = named(Targets.check(results), "COPY");
		assertThat(copy.mark()).isEqualTo("MISS");
	}

	@Test
	void firstMustServeAtLeastEightTenthsOfOne() {
		Results results = new Results();
		Workload pointSelect = new FixedWorkload("one", "databridge");
		Workload first = new FixedWorkload("first", "databridge");
		results.register(pointSelect);
		results.register(first);
		results.add(pointSelect, "databridge", 1, Map.of("ops", 1000.0));
		results.add(first, "databridge", 1, Map.of("ops", 790.0));
		Targets.Target target = named(Targets.check(results), "Databridge: DatabaseClient first()");
		assertThat(target.measured()).startsWith("0.79x");
		assertThat(target.mark()).isEqualTo("MISS");
	}

	@Test
	void anyServerConnectionOpenedInARoundMissesTheChurnTarget() {
		Results results = new Results();
		Workload first = new FixedWorkload("first", "databridge");
		results.register(first);
		results.add(first, "databridge", 1, Map.of("ops", 1000.0, "conns", 0.0));
		results.add(first, "databridge", 2, Map.of("ops", 1000.0, "conns", 0.01));
		Targets.Target target = named(Targets.check(results), "Databridge opens no server connection");
		assertThat(target.measured()).contains("first 0.01");
		assertThat(target.mark()).isEqualTo("MISS");
	}

	private static Targets.Target named(List<Targets.Target> targets, String prefix) {
		return targets.stream()
			.filter((target) -> target.name().startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No target named " + prefix + "..."));
	}

	/**
	 * Returns point-select results with one measurement per round of Databridge and of
	 * r2dbc-pool, in operations per second.
	 */
	private static Results pointSelectRounds(double[] databridge, double[] r2dbcPool) {
		Results results = new Results();
		Workload pointSelect = new FixedWorkload("point-select", "databridge", "r2dbc-pool");
		results.register(pointSelect);
		for (int round = 0; round < databridge.length; round++) {
			results.add(pointSelect, "databridge", round + 1, Map.of("ops", databridge[round]));
			results.add(pointSelect, "r2dbc-pool", round + 1, Map.of("ops", r2dbcPool[round]));
		}
		return results;
	}

	/**
	 * A workload that only names its subjects.
	 */
	private record FixedWorkload(String name, String... subjectNames) implements Workload {

		@Override
		public String title() {
			return this.name;
		}

		@Override
		public String description() {
			return this.name;
		}

		@Override
		public List<Column> columns() {
			return List.of(new Column("ops", "ops/s", true, true, 0));
		}

		@Override
		public List<String> subjects() {
			return List.of(this.subjectNames);
		}

		@Override
		public String baseline() {
			return this.subjectNames[0];
		}

		@Override
		public Map<String, Double> measure(String subject, Duration duration) {
			throw new UnsupportedOperationException();
		}

	}

}
