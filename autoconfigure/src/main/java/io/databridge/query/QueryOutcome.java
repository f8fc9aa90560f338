package io.databridge.query;

/**
 * How a statement's execution ended.
 *
 * @author Databridge team
 */
public enum QueryOutcome {

	/**
	 * The statement ran and its results were read, or the reader stopped after taking
	 * what it wanted (as {@code first()} does) and the rest was read to its end without
	 * being delivered.
	 */
	SUCCESS,

	/**
	 * The statement or the reading of its results failed.
	 */
	ERROR,

	/**
	 * The subscriber cancelled before any result arrived, leaving the server's answer
	 * unread: the connection's state is unknown.
	 */
	CANCELLED

}
