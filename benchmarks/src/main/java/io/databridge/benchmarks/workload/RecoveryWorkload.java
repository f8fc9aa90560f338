package io.databridge.benchmarks.workload;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.databridge.benchmarks.contender.Contender;
import io.databridge.benchmarks.server.BenchmarkServer;

/**
 * {@link #CALLERS} callers run point selects while the server is stopped (fast shutdown,
 * which ends every session), kept down for a moment and started again on the same port:
 * the time from the server accepting connections again (a new JDBC connection, polled
 * every few milliseconds, succeeds) to the contender's first successful operation, and
 * how many operations failed meanwhile. A failed operation is retried after
 * {@link #RETRY_PAUSE}; one that takes longer than {@link #OPERATION_TIMEOUT} counts as
 * failed.
 *
 * @author Databridge team
 */
public final class RecoveryWorkload extends ContenderWorkload {

	/**
	 * The workload's name, as {@code --workloads} takes it.
	 */
	public static final String NAME = "recovery";

	/**
	 * Callers running point selects.
	 */
	public static final int CALLERS = 8;

	private static final Duration RETRY_PAUSE = Duration.ofMillis(5);

	private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration GIVE_UP = Duration.ofSeconds(30);

	private static final List<Column> COLUMNS = List.of(new Column("recovery", "recovery ms", false, true, 0),
			new Column("failed", "failed ops", false, false, 0), new Column("restart", "restart ms", false, false, 0));

	private final BenchmarkServer server;

	private final int accounts;

	private final Duration outage;

	/**
	 * Creates the workload.
	 * @param contenders the contenders
	 * @param server the embedded server
	 * @param accounts the number of accounts ids are drawn from
	 * @param outage how long the server stays down
	 */
	public RecoveryWorkload(List<Contender> contenders, BenchmarkServer server, int accounts, Duration outage) {
		super(contenders);
		this.server = server;
		this.accounts = accounts;
		this.outage = outage;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "Recovery after a server restart";
	}

	@Override
	public String description() {
		return CALLERS + " callers run point selects (each retried " + RETRY_PAUSE.toMillis()
				+ " ms after a failure, timed out after " + OPERATION_TIMEOUT.toSeconds()
				+ " s) while the server is stopped with a fast shutdown, left down for " + this.outage.toMillis()
				+ " ms and started again. `recovery ms` is the time from the server accepting a new connection "
				+ "(polled every 2 ms) to the contender's first successful point select (0 when the contender "
				+ "was first); `failed ops` are the operations that failed from the stop until then; `restart ms` "
				+ "is the server's own start time. A contender with no success within " + GIVE_UP.toSeconds()
				+ " s has no value. Every contender is run until healthy before it is measured.";
	}

	@Override
	public List<Column> columns() {
		return COLUMNS;
	}

	@Override
	public void warmUp(String subject, Duration duration) {
		awaitHealthy(contender(subject));
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		Contender contender = contender(subject);
		awaitHealthy(contender);
		Probe probe = new Probe(contender);
		probe.start();
		sleep(Duration.ofMillis(100));
		probe.markStopping(System.nanoTime());
		this.server.stop();
		probe.markDown(System.nanoTime());
		sleep(this.outage);
		AcceptanceWatch watch = new AcceptanceWatch();
		long restarted = System.nanoTime();
		Thread watcher = new Thread(watch, "acceptance-watch");
		watcher.setDaemon(true);
		watcher.start();
		this.server.restart();
		long recovered = probe.awaitFirstSuccess(GIVE_UP);
		probe.stop();
		watch.stop();
		join(watcher);
		Map<String, Double> measurement = new LinkedHashMap<>();
		long accepted = watch.accepted.get();
		measurement.put("recovery",
				(recovered < 0 || accepted < 0) ? Double.NaN : Math.max(0, recovered - accepted) / 1e6);
		measurement.put("failed", (double) probe.failuresBefore(recovered));
		measurement.put("restart", (accepted < 0) ? Double.NaN : (accepted - restarted) / 1e6);
		return measurement;
	}

	private void awaitHealthy(Contender contender) {
		long deadline = System.nanoTime() + GIVE_UP.toNanos();
		int successes = 0;
		while (successes < 20) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(contender.name() + " did not serve 20 point selects in a row within "
						+ GIVE_UP.toSeconds() + " s");
			}
			try {
				contender.pointSelect(randomAccount())
					.toCompletableFuture()
					.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				successes++;
			}
			catch (Exception ex) {
				successes = 0;
				sleep(RETRY_PAUSE);
			}
		}
	}

	private int randomAccount() {
		return ThreadLocalRandom.current().nextInt(1, this.accounts + 1);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(GIVE_UP.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Polls the server with new JDBC connections and records when the first succeeds.
	 */
	private final class AcceptanceWatch implements Runnable {

		private final AtomicLong accepted = new AtomicLong(-1);

		private final AtomicBoolean stopped = new AtomicBoolean();

		@Override
		public void run() {
			while (!this.stopped.get()) {
				try (Connection connection = RecoveryWorkload.this.server.connect()) {
					this.accepted.set(System.nanoTime());
					return;
				}
				catch (SQLException ex) {
					sleep(Duration.ofMillis(2));
				}
			}
		}

		void stop() {
			this.stopped.set(true);
		}

	}

	/**
	 * Callers in a closed loop that record when operations succeed and fail.
	 */
	private final class Probe {

		private final Contender contender;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong stoppingAt = new AtomicLong(Long.MAX_VALUE);

		private final AtomicLong downAt = new AtomicLong(Long.MAX_VALUE);

		private final AtomicLong firstSuccess = new AtomicLong(-1);

		private final Queue<Long> failures = new ConcurrentLinkedQueue<>();

		private final Object monitor = new Object();

		Probe(Contender contender) {
			this.contender = contender;
		}

		void start() {
			for (int i = 0; i < CALLERS; i++) {
				next();
			}
		}

		void markStopping(long nanos) {
			this.stoppingAt.set(nanos);
		}

		void markDown(long nanos) {
			this.downAt.set(nanos);
		}

		private void next() {
			if (!this.running.get()) {
				return;
			}
			CompletableFuture<?> operation;
			try {
				operation = this.contender.pointSelect(randomAccount()).toCompletableFuture();
			}
			catch (RuntimeException ex) {
				operation = CompletableFuture.failedFuture(ex);
			}
			operation.orTimeout(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((result, failure) -> completed(failure == null));
		}

		private void completed(boolean success) {
			long now = System.nanoTime();
			if (success && now - this.downAt.get() > 0 && this.firstSuccess.compareAndSet(-1, now)) {
				synchronized (this.monitor) {
					this.monitor.notifyAll();
				}
			}
			if (!success && now - this.stoppingAt.get() > 0) {
				this.failures.add(now);
			}
			Runnable again = this::next;
			if (success) {
				CompletableFuture.runAsync(again);
			}
			else {
				CompletableFuture.delayedExecutor(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS).execute(again);
			}
		}

		long awaitFirstSuccess(Duration timeout) {
			long deadline = System.nanoTime() + timeout.toNanos();
			synchronized (this.monitor) {
				while (this.firstSuccess.get() < 0 && deadline - System.nanoTime() > 0) {
					try {
						this.monitor.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						break;
					}
				}
			}
			return this.firstSuccess.get();
		}

		long failuresBefore(long nanos) {
			return this.failures.stream().filter((at) -> nanos < 0 || at - nanos <= 0).count();
		}

		void stop() {
			this.running.set(false);
		}

	}

}
