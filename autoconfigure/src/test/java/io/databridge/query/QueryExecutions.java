package io.databridge.query;

import reactor.util.context.Context;

/**
 * Creates {@link QueryExecution executions} for tests outside this package, as the
 * instrumentation would when a statement executes.
 *
 * @author Databridge team
 */
public final class QueryExecutions {

	private QueryExecutions() {
	}

	/**
	 * The target of the executions made here.
	 */
	public static final QueryTarget TARGET = new QueryTarget("orders", "shop", "localhost", 5432);

	/**
	 * Returns a running execution of {@code SELECT 1} on {@link #TARGET} with an empty
	 * context.
	 * @return the execution
	 */
	public static QueryExecution select() {
		return new QueryExecution(TARGET, "SELECT 1", QueryOperation.SELECT, System.nanoTime(), Context.empty());
	}

}
