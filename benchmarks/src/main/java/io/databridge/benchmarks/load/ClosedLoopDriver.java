package io.databridge.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a fixed number of operations in flight for a fixed time: each caller starts its
 * next operation as soon as its previous one completes (a closed loop). Records the
 * latency of every operation that completes within the time, the value an operation
 * completes with (such as its wait for a connection) when it is a number, and how many
 * operations each caller completed.
 *
 * @author Databridge team
 */
public final class ClosedLoopDriver {

	private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_INLINE_DEPTH = 32;

	private static final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

	private final int callers;

	private final Duration errorPause;

	/**
	 * Creates a driver.
	 * @param callers how many operations to keep in flight
	 * @param errorPause how long a caller waits after a failed operation before its next
	 */
	public ClosedLoopDriver(int callers, Duration errorPause) {
		this.callers = callers;
		this.errorPause = errorPause;
	}

	/**
	 * Runs operations until the duration has passed, then waits for those in flight.
	 * @param duration how long to start operations
	 * @param operation starts one operation for the caller with the given index
	 * @return what was measured
	 */
	public LoadResult run(Duration duration, IntFunction<? extends CompletionStage<?>> operation) {
		Run run = new Run(operation, System.nanoTime() + duration.toNanos());
		long start = System.nanoTime();
		for (int i = 0; i < this.callers; i++) {
			run.next(i);
		}
		boolean drained;
		try {
			drained = run.finished.await(duration.toMillis() + DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		long elapsed = Math.min(System.nanoTime(), run.deadline) - start;
		return new LoadResult(run.completed.get(), run.failed.get(), elapsed, run.latencies.copy(), run.values.copy(),
				run.perCaller.clone(), drained ? 0 : (int) run.finished.getCount(), run.firstFailure);
	}

	/**
	 * The state of one run.
	 */
	private final class Run {

		private final IntFunction<? extends CompletionStage<?>> operation;

		private final long deadline;

		private final CountDownLatch finished = new CountDownLatch(ClosedLoopDriver.this.callers);

		private final AtomicLong completed = new AtomicLong();

		private final AtomicLong failed = new AtomicLong();

		private final Histogram latencies = new ConcurrentHistogram(HIGHEST_NANOS, 3);

		private final Histogram values = new ConcurrentHistogram(HIGHEST_NANOS, 3);

		private final long[] perCaller = new long[ClosedLoopDriver.this.callers];

		private volatile @Nullable String firstFailure;

		Run(IntFunction<? extends CompletionStage<?>> operation, long deadline) {
			this.operation = operation;
			this.deadline = deadline;
		}

		void next(int caller) {
			long start = System.nanoTime();
			if (start - this.deadline >= 0) {
				this.finished.countDown();
				return;
			}
			CompletionStage<?> stage;
			try {
				stage = this.operation.apply(caller);
			}
			catch (RuntimeException ex) {
				stage = CompletableFuture.failedFuture(ex);
			}
			stage.whenComplete((value, failure) -> completed(caller, start, value, failure));
		}

		private void completed(int caller, long start, @Nullable Object value, @Nullable Throwable failure) {
			long end = System.nanoTime();
			if (end - this.deadline <= 0) {
				if (failure == null) {
					this.completed.incrementAndGet();
					this.latencies.recordValue(Math.min(end - start, HIGHEST_NANOS));
					if (value instanceof Long nanos) {
						this.values.recordValue(Math.min(nanos, HIGHEST_NANOS));
					}
					synchronized (this.perCaller) {
						this.perCaller[caller]++;
					}
				}
				else {
					this.failed.incrementAndGet();
					if (this.firstFailure == null) {
						this.firstFailure = String.valueOf(failure);
					}
				}
			}
			if (failure != null && !ClosedLoopDriver.this.errorPause.isZero()) {
				Executor later = CompletableFuture.delayedExecutor(ClosedLoopDriver.this.errorPause.toNanos(),
						TimeUnit.NANOSECONDS);
				later.execute(() -> next(caller));
				return;
			}
			int[] level = depth.get();
			if (level[0] >= MAX_INLINE_DEPTH) {
				ForkJoinPool.commonPool().execute(() -> next(caller));
				return;
			}
			level[0]++;
			try {
				next(caller);
			}
			finally {
				level[0]--;
			}
		}

	}

}
