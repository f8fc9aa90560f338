package io.databridge.query;

/**
 * Told of every statement run through a Databridge pool. Called on the thread that runs
 * the statement, so implementations must be quick and must not block.
 *
 * @author Databridge team
 */
public interface QueryListener {

	/**
	 * Called when the statement's results are subscribed to.
	 * @param execution the execution
	 */
	default void started(QueryExecution execution) {
	}

	/**
	 * Called once, when the results have been read, reading failed or was cancelled.
	 * @param execution the execution, with its duration and outcome
	 */
	void finished(QueryExecution execution);

}
