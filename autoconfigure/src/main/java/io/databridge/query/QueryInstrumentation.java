package io.databridge.query;

import java.util.List;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

/**
 * Wraps statements and batches so that each execution is reported to the
 * {@link QueryListener listeners}: once when its results are subscribed to, once when
 * they have been read. A listener that throws is logged and does not affect the
 * statement.
 *
 * @author Databridge team
 */
public final class QueryInstrumentation {

	/**
	 * Instrumentation without listeners, which leaves statements as they are.
	 */
	public static final QueryInstrumentation NONE = new QueryInstrumentation(List.of());

	private static final Log logger = LogFactory.getLog(QueryInstrumentation.class);

	private final QueryListener[] listeners;

	/**
	 * Creates an instrumentation that reports to the given listeners, in order.
	 * @param listeners the listeners
	 */
	public QueryInstrumentation(List<? extends QueryListener> listeners) {
		this.listeners = listeners.toArray(QueryListener[]::new);
	}

	/**
	 * Returns whether any listener is registered, and so whether statements are wrapped.
	 * @return whether statements are instrumented
	 */
	public boolean isEnabled() {
		return this.listeners.length > 0;
	}

	/**
	 * Returns the given statement, instrumented when {@link #isEnabled() enabled}.
	 * @param statement the driver's statement
	 * @param sql the SQL it was created from
	 * @return the statement to hand out
	 */
	public Statement instrument(Statement statement, String sql) {
		return isEnabled() ? new InstrumentedStatement(statement, sql, this) : statement;
	}

	/**
	 * Returns the given batch, instrumented when {@link #isEnabled() enabled}.
	 * @param batch the driver's batch
	 * @return the batch to hand out
	 */
	public Batch instrument(Batch batch) {
		return isEnabled() ? new InstrumentedBatch(batch, this) : batch;
	}

	Flux<Result> execute(String sql, QueryOperation operation, Publisher<? extends Result> results,
			ContextView context) {
		QueryExecution execution = new QueryExecution(sql, operation, System.nanoTime(), context);
		for (QueryListener listener : this.listeners) {
			try {
				listener.started(execution);
			}
			catch (RuntimeException ex) {
				logger.warn("Query listener " + listener.getClass().getName() + " failed", ex);
			}
		}
		return new ExecutionTracker(this, execution).track(results);
	}

	void finish(QueryExecution execution, QueryOutcome outcome, @Nullable Throwable error) {
		execution.end(outcome, error);
		for (QueryListener listener : this.listeners) {
			try {
				listener.finished(execution);
			}
			catch (RuntimeException ex) {
				logger.warn("Query listener " + listener.getClass().getName() + " failed", ex);
			}
		}
	}

}
