package io.databridge.query;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * One execution of a statement or batch, from the subscription to its results until they
 * have been read. Listeners see the same instance when it starts and when it ends.
 *
 * @author Databridge team
 */
public final class QueryExecution {

	private final QueryTarget target;

	private final String sql;

	private final QueryOperation operation;

	private final long startNanos;

	private final ContextView context;

	private long durationNanos = -1;

	private QueryOutcome outcome = QueryOutcome.SUCCESS;

	private @Nullable Throwable error;

	private @Nullable Object @Nullable [] attributes;

	QueryExecution(QueryTarget target, String sql, QueryOperation operation, long startNanos, ContextView context) {
		this.target = target;
		this.sql = sql;
		this.operation = operation;
		this.startNanos = startNanos;
		this.context = context;
	}

	/**
	 * Returns the pool and database the statement runs against: the primary's, a read
	 * replica's or a named database's.
	 * @return the target
	 */
	public QueryTarget getTarget() {
		return this.target;
	}

	/**
	 * Returns the SQL as the application wrote it; it holds bind markers, never bound
	 * values, but may hold literals (see {@link SqlMasker}).
	 * @return the SQL
	 */
	public String getSql() {
		return this.sql;
	}

	/**
	 * Returns the operation the statement performs.
	 * @return the operation
	 */
	public QueryOperation getOperation() {
		return this.operation;
	}

	/**
	 * Returns the Reactor context of the subscriber to the results, which carries the
	 * caller's current observation or trace.
	 * @return the context
	 */
	public ContextView getContext() {
		return this.context;
	}

	/**
	 * Returns how long the execution took, once it has ended.
	 * @return the duration in nanoseconds, or {@code -1} while it runs
	 */
	public long getDurationNanos() {
		return this.durationNanos;
	}

	/**
	 * Returns how the execution ended.
	 * @return the outcome, {@link QueryOutcome#SUCCESS} while it runs
	 */
	public QueryOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Returns the failure that ended the execution.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable getError() {
		return this.error;
	}

	/**
	 * Stores a value for a listener between the start and the end of the execution.
	 * @param key the key, private to the listener
	 * @param value the value
	 */
	public void setAttribute(Object key, Object value) {
		@Nullable Object[] attributes = this.attributes;
		if (attributes == null) {
			this.attributes = new Object[] { key, value };
			return;
		}
		int index = indexOf(attributes, key);
		if (index >= 0) {
			attributes[index + 1] = value;
			return;
		}
		@Nullable Object[] grown = Arrays.copyOf(attributes, attributes.length + 2);
		grown[attributes.length] = key;
		grown[attributes.length + 1] = value;
		this.attributes = grown;
	}

	/**
	 * Returns a value stored by {@link #setAttribute(Object, Object)}.
	 * @param key the key
	 * @return the value, or {@code null}
	 */
	public @Nullable Object getAttribute(Object key) {
		@Nullable Object[] attributes = this.attributes;
		int index = (attributes != null) ? indexOf(attributes, key) : -1;
		return (index >= 0) ? attributes[index + 1] : null;
	}

	/**
	 * Returns where the given key sits among keys and values stored in turn, or -1.
	 */
	private static int indexOf(@Nullable Object[] attributes, Object key) {
		for (int i = 0; i < attributes.length; i += 2) {
			if (key.equals(attributes[i])) {
				return i;
			}
		}
		return -1;
	}

	void end(QueryOutcome outcome, @Nullable Throwable error) {
		this.durationNanos = System.nanoTime() - this.startNanos;
		this.outcome = outcome;
		this.error = error;
	}

}
