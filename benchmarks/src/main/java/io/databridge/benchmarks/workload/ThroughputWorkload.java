package io.databridge.benchmarks.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

import io.databridge.benchmarks.contender.Contender;
import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.contender.Pgbench;
import io.databridge.benchmarks.contender.SpringShape;
import io.databridge.benchmarks.load.ClosedLoopDriver;
import io.databridge.benchmarks.load.LoadResult;
import org.jspecify.annotations.Nullable;

/**
 * Short statements as fast as the contenders serve them: a closed loop with
 * {@link #IN_FLIGHT} operations in flight on pools of {@link Contenders#POOL_SIZE}
 * connections, and pgbench with as many connections, for point selects by primary key and
 * for single-row inserts.
 *
 * @author Databridge team
 */
public final class ThroughputWorkload extends ContenderWorkload {

	/**
	 * Operations in flight.
	 */
	public static final int IN_FLIGHT = 64;

	/**
	 * Key of the JVM's CPU time per operation, in microseconds, in a measurement.
	 */
	public static final String CPU_PER_OPERATION = "cpu";

	/**
	 * Key of the server connections opened per 1,000 operations, in a measurement.
	 */
	public static final String CONNECTIONS_OPENED = "conns";

	/**
	 * Key of the number of network event loops that each did at least a tenth of the
	 * contender's event-loop work, in a measurement.
	 */
	public static final String BUSY_EVENT_LOOPS = "loops";

	/**
	 * Name of the point-select workload.
	 */
	public static final String POINT_SELECT = "point-select";

	private static final String PGBENCH = "pgbench";

	private static final List<Column> COLUMNS = List.of(new Column("ops", "ops/s", true, true, 0),
			new Column("p50", "p50 ms", false, false, 2), new Column("p99", "p99 ms", false, true, 2),
			new Column("max", "max ms", false, false, 1),
			new Column(CPU_PER_OPERATION, "JVM CPU µs/op", false, true, 1),
			new Column("alloc", "JVM alloc KB/op", false, true, 2),
			new Column("other", "other CPU µs/op", false, true, 1), new Column("busy", "cores busy %", true, false, 0),
			new Column("errors", "errors", false, false, 0),
			new Column(CONNECTIONS_OPENED, "server conns/1k ops", false, false, 2),
			new Column(BUSY_EVENT_LOOPS, "busy event loops", false, false, 0));

	private final String name;

	private final String title;

	private final String description;

	private final Optional<Pgbench> pgbench;

	private final boolean pgbenchWanted;

	private final Operation operation;

	private final Runnable beforeEach;

	private final LongSupplier sessions;

	private ThroughputWorkload(String name, String title, String description, List<Contender> contenders,
			Optional<Pgbench> pgbench, boolean pgbenchWanted, Operation operation, Runnable beforeEach,
			LongSupplier sessions) {
		super(contenders);
		this.name = name;
		this.title = title;
		this.description = description;
		this.pgbench = pgbench;
		this.pgbenchWanted = pgbenchWanted;
		this.operation = operation;
		this.beforeEach = beforeEach;
		this.sessions = sessions;
	}

	/**
	 * Point selects by primary key on {@code pgbench_accounts}.
	 * @param contenders the contenders
	 * @param pgbench pgbench, if installed
	 * @param pgbenchWanted whether pgbench was selected
	 * @param accounts the number of accounts ids are drawn from
	 * @param sessions reads the server's count of connections ever opened
	 * @return the workload
	 */
	public static ThroughputWorkload pointSelect(List<Contender> contenders, Optional<Pgbench> pgbench,
			boolean pgbenchWanted, int accounts, LongSupplier sessions) {
		return new ThroughputWorkload(POINT_SELECT, "Point select by primary key",
				"`SELECT abalance FROM pgbench_accounts WHERE aid = $1` with a random `aid` among "
						+ String.format("%,d", accounts) + " rows, " + IN_FLIGHT + " in flight, pool of "
						+ Contenders.POOL_SIZE + " (pgbench: " + Contenders.POOL_SIZE
						+ " connections, one statement in flight each, `-M prepared`).",
				contenders, pgbench, pgbenchWanted,
				new Operation((contender, random) -> contender.pointSelect(random.nextInt(1, accounts + 1)),
						(bench, duration) -> bench.pointSelect(Contenders.POOL_SIZE, duration)),
				() -> {
				}, sessions);
	}

	/**
	 * Single-row inserts into {@code pgbench_history}, each its own transaction, emptied
	 * before every measurement.
	 * @param contenders the contenders
	 * @param pgbench pgbench, if installed
	 * @param pgbenchWanted whether pgbench was selected
	 * @param accounts the number of accounts ids are drawn from
	 * @param truncate empties the table
	 * @param sessions reads the server's count of connections ever opened
	 * @return the workload
	 */
	public static ThroughputWorkload insert(List<Contender> contenders, Optional<Pgbench> pgbench,
			boolean pgbenchWanted, int accounts, Runnable truncate, LongSupplier sessions) {
		return new ThroughputWorkload("insert", "Single-row insert",
				"`INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, $1, $2, CURRENT_TIMESTAMP)`, "
						+ "one autocommitted row per statement (each commit waits for its WAL flush: "
						+ "`synchronous_commit=on`), " + IN_FLIGHT + " in flight, pool of " + Contenders.POOL_SIZE
						+ "; the table is emptied before every measurement.",
				contenders, pgbench, pgbenchWanted,
				new Operation(
						(contender, random) -> contender.insert(random.nextInt(1, accounts + 1),
								random.nextInt(-5000, 5001)),
						(bench, duration) -> bench.insert(Contenders.POOL_SIZE, duration)),
				truncate, sessions);
	}

	/**
	 * Calls in one of the shapes Spring applications use, for the contenders that run
	 * Spring's R2DBC APIs; pgbench has no counterpart.
	 * @param shape the shape
	 * @param contenders the contenders
	 * @param accounts the number of accounts ids are drawn from
	 * @param truncate empties the history table, which the transaction shape fills
	 * @param sessions reads the server's count of connections ever opened
	 * @return the workload
	 */
	public static ThroughputWorkload spring(SpringShape shape, List<Contender> contenders, int accounts,
			Runnable truncate, LongSupplier sessions) {
		return new ThroughputWorkload(shape.workload(), shape.title(),
				shape.description() + " Random `aid` among " + String.format("%,d", accounts) + " rows, " + IN_FLIGHT
						+ " in flight, pool of " + Contenders.POOL_SIZE + ".",
				contenders, Optional.empty(), false,
				new Operation((contender, random) -> contender.spring(shape, random.nextInt(1, accounts - 9)),
						(bench, duration) -> {
							throw new UnsupportedOperationException("pgbench has no " + shape.workload() + " shape");
						}),
				(shape == SpringShape.TRANSACTION) ? truncate : () -> {
				}, sessions);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String title() {
		return this.title;
	}

	@Override
	public String description() {
		return this.description;
	}

	@Override
	public List<Column> columns() {
		return COLUMNS;
	}

	@Override
	public List<String> subjects() {
		List<String> subjects = new ArrayList<>(super.subjects());
		this.pgbench.ifPresent((bench) -> subjects.add(PGBENCH));
		return subjects;
	}

	@Override
	public Map<String, String> unavailable() {
		return (this.pgbenchWanted && this.pgbench.isEmpty()) ? Map.of(PGBENCH, "pgbench not installed") : Map.of();
	}

	@Override
	public void warmUp(String subject, Duration duration) {
		if (!subject.equals(PGBENCH)) {
			measure(subject, duration);
		}
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		this.beforeEach.run();
		Map<String, Double> measurement = new LinkedHashMap<>();
		long sessionsBefore = this.sessions.getAsLong();
		MachineCpu.Sample machineBefore = MachineCpu.sample();
		long cpuBefore = ProcessCpu.nanos();
		if (subject.equals(PGBENCH)) {
			Pgbench.Result result = this.operation.pgbench().apply(this.pgbench.orElseThrow(), duration);
			measurement.put("ops", result.tps());
			Latencies.put(measurement, "", result.latencies());
			putMachineCpu(measurement, machineBefore, ProcessCpu.nanos() - cpuBefore,
					Math.round(result.tps() * duration.toNanos() / 1e9));
			measurement.put("errors", (double) result.failures());
			putConnectionsOpened(measurement, sessionsBefore, Math.round(result.tps() * duration.toNanos() / 1e9));
			return measurement;
		}
		Contender contender = contender(subject);
		long allocatedBefore = ProcessAllocation.bytes();
		Map<Long, Long> eventLoopsBefore = EventLoopCpu.sample();
		LoadResult result = new ClosedLoopDriver(IN_FLIGHT, Duration.ZERO).run(duration,
				(caller) -> this.operation.contender().apply(contender, ThreadLocalRandom.current()));
		long cpu = ProcessCpu.nanos() - cpuBefore;
		if (result.stalled() > 0) {
			throw new IllegalStateException(subject + ": " + result.stalled() + " operations never completed");
		}
		measurement.put("ops", result.throughput());
		Latencies.put(measurement, "", result.latencies());
		measurement.put(CPU_PER_OPERATION, cpu / 1000.0 / Math.max(1, result.completed()));
		long allocatedAfter = ProcessAllocation.bytes();
		if (allocatedBefore >= 0 && allocatedAfter >= allocatedBefore) {
			measurement.put("alloc", (allocatedAfter - allocatedBefore) / 1024.0 / Math.max(1, result.completed()));
		}
		putMachineCpu(measurement, machineBefore, cpu, result.completed());
		measurement.put("errors", (double) result.failed());
		putConnectionsOpened(measurement, sessionsBefore, result.completed());
		int busyEventLoops = EventLoopCpu.busy(eventLoopsBefore, EventLoopCpu.sample());
		if (busyEventLoops >= 0) {
			measurement.put(BUSY_EVENT_LOOPS, (double) busyEventLoops);
		}
		if (result.firstFailure() != null) {
			System.err.println(subject + ": " + result.failed() + " failed, the first with " + result.firstFailure());
		}
		return measurement;
	}

	/**
	 * Records how many server connections were opened per 1,000 operations, from the
	 * server's own count, less the one that reads it.
	 */
	private void putConnectionsOpened(Map<String, Double> measurement, long sessionsBefore, long operations) {
		long opened = Math.max(0, this.sessions.getAsLong() - sessionsBefore - 1);
		measurement.put(CONNECTIONS_OPENED, opened * 1000.0 / Math.max(1, operations));
	}

	/**
	 * Records how busy the machine's cores were and how much CPU time per operation went
	 * outside this JVM (PostgreSQL, pgbench and anything else running), when the platform
	 * tells.
	 */
	private static void putMachineCpu(Map<String, Double> measurement, MachineCpu.@Nullable Sample before,
			long jvmCpuNanos, long operations) {
		MachineCpu.Sample after = MachineCpu.sample();
		if (before == null || after == null) {
			return;
		}
		measurement.put("busy", 100 * after.busySince(before));
		long other = Math.max(0, after.busyNanosSince(before) - jvmCpuNanos);
		measurement.put("other", other / 1000.0 / Math.max(1, operations));
	}

	/**
	 * The operation measured, for a contender and for pgbench.
	 *
	 * @param contender starts one operation on a contender
	 * @param pgbench runs pgbench for a duration
	 */
	private record Operation(BiFunction<Contender, ThreadLocalRandom, CompletionStage<?>> contender,
			BiFunction<Pgbench, Duration, Pgbench.Result> pgbench) {

	}

}
