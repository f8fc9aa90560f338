package io.databridge.query;

import io.r2dbc.spi.Result;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * The results of one execution of a statement or batch, followed in one operator: each
 * subscription starts an execution, reported to the {@link QueryInstrumentation}'s
 * listeners with the subscriber's context, and an {@link ExecutionTracker} follows it to
 * its end. Each result reaches the subscriber as a {@link TrackedResult}, demand reaches
 * the driver on the connection's {@link IoThread} when it is known, and the tracker hears
 * of the end of the results before the subscriber does.
 *
 * @author Databridge team
 */
final class TrackedResults extends Flux<Result> {

	private final QueryInstrumentation instrumentation;

	private final String sql;

	private final QueryOperation operation;

	private final Publisher<? extends Result> results;

	/**
	 * Creates the tracked results of the driver's results.
	 * @param instrumentation the instrumentation to report executions to
	 * @param sql the SQL executed
	 * @param operation the operation of the SQL
	 * @param results the driver's results, cold: nothing reaches the server before
	 * subscription
	 */
	TrackedResults(QueryInstrumentation instrumentation, String sql, QueryOperation operation,
			Publisher<? extends Result> results) {
		this.instrumentation = instrumentation;
		this.sql = sql;
		this.operation = operation;
		this.results = results;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Result> actual) {
		ExecutionTracker tracker = this.instrumentation.start(this.sql, this.operation, actual.currentContext());
		this.results.subscribe(new ResultsSubscriber(actual, tracker));
	}

	private static final class ResultsSubscriber extends RelayingSubscriber<Result, Result> {

		private final ExecutionTracker tracker;

		ResultsSubscriber(CoreSubscriber<? super Result> actual, ExecutionTracker tracker) {
			super(actual);
			this.tracker = tracker;
		}

		@Override
		public void onNext(Result result) {
			this.actual.onNext(this.tracker.opened(result));
		}

		@Override
		public void onError(Throwable error) {
			this.tracker.failed(error);
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.tracker.resultsCompleted();
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			IoThread.request(this.tracker.ioThread(), upstream(), n);
		}

		@Override
		public void cancel() {
			this.tracker.resultsCancelled();
			upstream().cancel();
		}

	}

}
