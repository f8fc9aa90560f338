package io.databridge.query;

/**
 * How a statement's execution ended.
 *
 * @author Databridge team
 */
public enum QueryOutcome {

	/**
	 * The statement ran and its results were read, or the reader stopped after taking
	 * what it wanted (as {@code first()} does).
	 */
	SUCCESS,

	/**
	 * The statement or the reading of its results failed.
	 */
	ERROR,

	/**
	 * The subscriber cancelled before any result arrived.
	 */
	CANCELLED

}
