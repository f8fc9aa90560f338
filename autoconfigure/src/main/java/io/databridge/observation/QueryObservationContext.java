package io.databridge.observation;

import io.databridge.query.QueryExecution;
import io.databridge.query.QueryTarget;
import io.micrometer.observation.Observation;

/**
 * The {@link Observation.Context} of one statement execution.
 *
 * @author Databridge team
 */
public final class QueryObservationContext extends Observation.Context {

	private final QueryExecution execution;

	private final QueryTarget target;

	private final boolean includeQueryText;

	/**
	 * Creates a context.
	 * @param execution the execution observed
	 * @param target the database it runs against
	 * @param includeQueryText whether the SQL text, literals masked, may be recorded
	 */
	public QueryObservationContext(QueryExecution execution, QueryTarget target, boolean includeQueryText) {
		this.execution = execution;
		this.target = target;
		this.includeQueryText = includeQueryText;
	}

	/**
	 * Returns the execution observed; its outcome and duration are set once it ends.
	 * @return the execution
	 */
	public QueryExecution getExecution() {
		return this.execution;
	}

	/**
	 * Returns the database the statement runs against.
	 * @return the target
	 */
	public QueryTarget getTarget() {
		return this.target;
	}

	/**
	 * Returns whether the SQL text, literals masked, may be recorded.
	 * @return whether to include the query text
	 */
	public boolean isIncludeQueryText() {
		return this.includeQueryText;
	}

}
