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
	 * Instrumentation without listeners. Statements of a pooled connection are still
	 * wrapped, since {@link #withOwner(QueryListener, IoThread)} adds the connection's
	 * own listener; only a statement instrumented without an owner is left as it is.
	 */
	public static final QueryInstrumentation NONE = new QueryInstrumentation(QueryTarget.UNNAMED, List.of());

	private static final Log logger = LogFactory.getLog(QueryInstrumentation.class);

	private final QueryTarget target;

	private final QueryListener[] listeners;

	private final @Nullable QueryListener owner;

	private final @Nullable IoThread ioThread;

	/**
	 * Creates an instrumentation that reports a pool's statements to the given listeners,
	 * in order.
	 * @param target the pool and database the statements run against, which each
	 * {@link QueryExecution} names
	 * @param listeners the listeners
	 */
	public QueryInstrumentation(QueryTarget target, List<? extends QueryListener> listeners) {
		this(target, listeners.toArray(QueryListener[]::new), null, null);
	}

	private QueryInstrumentation(QueryTarget target, QueryListener[] listeners, @Nullable QueryListener owner,
			@Nullable IoThread ioThread) {
		this.target = target;
		this.listeners = listeners;
		this.owner = owner;
		this.ioThread = ioThread;
	}

	/**
	 * Returns an instrumentation for the statements of one connection. It also reports to
	 * the given listener, after the others: the connection itself, which watches for
	 * failures that break it. When the connection's I/O thread is known, demand for
	 * results and their rows reaches the driver on that thread, so that the driver never
	 * emits rows on two threads at once.
	 * @param owner the additional listener
	 * @param ioThread the thread that does the connection's I/O, or {@code null} if the
	 * driver does not tell
	 * @return the instrumentation, which always wraps statements
	 */
	public QueryInstrumentation withOwner(QueryListener owner, @Nullable IoThread ioThread) {
		return new QueryInstrumentation(this.target, this.listeners, owner, ioThread);
	}

	/**
	 * Returns whether any listener is registered, and so whether statements are wrapped.
	 * @return whether statements are instrumented
	 */
	public boolean isEnabled() {
		return this.listeners.length > 0 || this.owner != null;
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

	/**
	 * Returns the driver's results of one execution, each subscription to them reported
	 * as an execution.
	 * @param sql the SQL executed
	 * @param operation the operation of the SQL
	 * @param results the driver's results
	 * @return the tracked results
	 */
	Flux<Result> execute(String sql, QueryOperation operation, Publisher<? extends Result> results) {
		return new TrackedResults(this, sql, operation, results);
	}

	/**
	 * Starts an execution: reports it to the listeners, and returns what follows it to
	 * its end.
	 * @param sql the SQL executed
	 * @param operation the operation of the SQL
	 * @param context the context of the subscriber to the results
	 * @return the execution's tracker
	 */
	ExecutionTracker start(String sql, QueryOperation operation, ContextView context) {
		QueryExecution execution = new QueryExecution(this.target, sql, operation, System.nanoTime(), context);
		for (QueryListener listener : this.listeners) {
			started(listener, execution);
		}
		if (this.owner != null) {
			started(this.owner, execution);
		}
		return new ExecutionTracker(this, execution);
	}

	/**
	 * Returns the thread that does the I/O of the connection these statements run on.
	 * @return the I/O thread, or {@code null} if unknown
	 */
	@Nullable IoThread ioThread() {
		return this.ioThread;
	}

	void finish(QueryExecution execution, QueryOutcome outcome, @Nullable Throwable error) {
		execution.end(outcome, error);
		for (QueryListener listener : this.listeners) {
			finished(listener, execution);
		}
		if (this.owner != null) {
			finished(this.owner, execution);
		}
	}

	private static void started(QueryListener listener, QueryExecution execution) {
		try {
			listener.started(execution);
		}
		catch (RuntimeException ex) {
			logger.warn("Query listener " + listener.getClass().getName() + " failed", ex);
		}
	}

	private static void finished(QueryListener listener, QueryExecution execution) {
		try {
			listener.finished(execution);
		}
		catch (RuntimeException ex) {
			logger.warn("Query listener " + listener.getClass().getName() + " failed", ex);
		}
	}

}
