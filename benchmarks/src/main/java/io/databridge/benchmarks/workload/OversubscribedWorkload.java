package io.databridge.benchmarks.workload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.databridge.benchmarks.contender.Contender;
import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.load.ClosedLoopDriver;
import io.databridge.benchmarks.load.LoadResult;

/**
 * {@link #CALLERS} callers, eight times the pool's connections, each borrowing a
 * connection explicitly, running a point select on it and giving it back, in a closed
 * loop: how long callers wait for a connection, and whether the pool serves them fairly
 * (operations completed per caller).
 *
 * @author Databridge team
 */
public final class OversubscribedWorkload extends ContenderWorkload {

	/**
	 * The workload's name, as {@code --workloads} takes it.
	 */
	public static final String NAME = "oversubscribed";

	/**
	 * Callers competing for the pool's connections.
	 */
	public static final int CALLERS = 8 * Contenders.POOL_SIZE;

	private static final List<Column> COLUMNS = List.of(new Column("ops", "ops/s", true, true, 0),
			new Column("wait.p50", "wait p50 ms", false, false, 2),
			new Column("wait.p99", "wait p99 ms", false, true, 2),
			new Column("wait.max", "wait max ms", false, false, 1),
			new Column("wait.p99/p50", "p99/p50", false, false, 2),
			new Column("caller.min", "ops/caller min", true, false, 0),
			new Column("caller.median", "median", true, false, 0), new Column("caller.max", "max", true, false, 0),
			new Column("caller.min/median", "min/median", true, false, 2),
			new Column("errors", "errors", false, false, 0));

	private final int accounts;

	/**
	 * Creates the workload for the contenders that hand out connections.
	 * @param contenders the contenders
	 * @param accounts the number of accounts ids are drawn from
	 */
	public OversubscribedWorkload(List<Contender> contenders, int accounts) {
		super(contenders.stream().filter(Contender::canAcquire).toList());
		this.accounts = accounts;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "Oversubscribed acquire";
	}

	@Override
	public String description() {
		return CALLERS + " callers for " + Contenders.POOL_SIZE
				+ " connections; each borrows a connection, runs a point select and gives it back. "
				+ "The wait is the time from asking for a connection to holding it. A caller is starved when it "
				+ "completes fewer than half as many operations as the median caller (min/median below 0.5).";
	}

	@Override
	public List<Column> columns() {
		return COLUMNS;
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		Contender contender = contender(subject);
		LoadResult result = new ClosedLoopDriver(CALLERS, Duration.ZERO).run(duration,
				(caller) -> contender.timedAcquire(ThreadLocalRandom.current().nextInt(1, this.accounts + 1)));
		if (result.stalled() > 0) {
			throw new IllegalStateException(subject + ": " + result.stalled() + " operations never completed");
		}
		Map<String, Double> measurement = new LinkedHashMap<>();
		measurement.put("ops", result.throughput());
		Latencies.put(measurement, "wait.", result.values());
		measurement.put("wait.p99/p50", measurement.get("wait.p99") / measurement.get("wait.p50"));
		long[] spread = result.callerSpread();
		measurement.put("caller.min", (double) spread[0]);
		measurement.put("caller.median", (double) spread[1]);
		measurement.put("caller.max", (double) spread[2]);
		measurement.put("caller.min/median", (spread[1] > 0) ? (double) spread[0] / spread[1] : Double.NaN);
		measurement.put("errors", (double) result.failed());
		return measurement;
	}

}
