package io.databridge.query;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Result;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Follows one execution until its end: the publisher of results has completed (or was
 * cancelled after emitting what the caller wanted) and every result it emitted has been
 * read, or, when its reader cancelled, drained to its end. Ends the execution exactly
 * once: so an execution cancelled while it reads rows ends when the driver is done with
 * it, not when the caller stopped listening.
 *
 * @author Databridge team
 */
final class ExecutionTracker implements TrackedReading.Listener {

	private final QueryInstrumentation instrumentation;

	private final QueryExecution execution;

	private final @Nullable IoThread ioThread;

	private final AtomicInteger openResults = new AtomicInteger();

	private final AtomicBoolean finished = new AtomicBoolean();

	private volatile boolean resultsComplete;

	private volatile boolean emitted;

	ExecutionTracker(QueryInstrumentation instrumentation, QueryExecution execution) {
		this.instrumentation = instrumentation;
		this.execution = execution;
		this.ioThread = instrumentation.ioThread();
	}

	/**
	 * Returns the thread that does the I/O of the connection the execution runs on.
	 * @return the I/O thread, or {@code null} if unknown
	 */
	@Nullable IoThread ioThread() {
		return this.ioThread;
	}

	/**
	 * Returns a tracked reading of one of the execution's results.
	 * @param <T> the type of the items
	 * @param reading the driver's reading
	 * @param drain the drain, started if the reader cancels
	 * @return the tracked reading
	 */
	<T> Flux<T> read(Publisher<T> reading, Drain drain) {
		return new TrackedReading<>(reading, drain, this.ioThread, this);
	}

	Result opened(Result result) {
		this.emitted = true;
		this.openResults.incrementAndGet();
		return new TrackedResult(result, this);
	}

	void resultsCompleted() {
		this.resultsComplete = true;
		if (this.openResults.get() == 0) {
			finish(QueryOutcome.SUCCESS, null);
		}
	}

	void resultsCancelled() {
		if (this.emitted) {
			resultsCompleted();
		}
		else {
			finish(QueryOutcome.CANCELLED, null);
		}
	}

	@Override
	public void readToEnd() {
		if (this.openResults.decrementAndGet() == 0 && this.resultsComplete) {
			finish(QueryOutcome.SUCCESS, null);
		}
	}

	@Override
	public void drained(@Nullable Throwable error) {
		if (error != null) {
			failed(error);
		}
		else {
			readToEnd();
		}
	}

	@Override
	public void failed(Throwable error) {
		finish(QueryOutcome.ERROR, error);
	}

	private void finish(QueryOutcome outcome, @Nullable Throwable error) {
		if (this.finished.compareAndSet(false, true)) {
			this.instrumentation.finish(this.execution, outcome, error);
		}
	}

}
