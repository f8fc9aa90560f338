package io.databridge.benchmarks.contender;

import java.util.concurrent.CompletionStage;

/**
 * A pool (with its driver) measured by the benchmarks. Every operation borrows a
 * connection, runs one statement and gives the connection back, and its stage completes
 * once the connection is back. Asynchronous contenders return at once; blocking ones run
 * the operation on a thread pool of their own.
 *
 * @author Databridge team
 */
public interface Contender extends AutoCloseable {

	/**
	 * Returns the name used on the command line and in the report.
	 * @return the name
	 */
	String name();

	/**
	 * Returns what this contender is, for the report.
	 * @return one sentence
	 */
	String description();

	/**
	 * Reads one account's balance by primary key.
	 * @param aid the account id
	 * @return the stage that completes when the connection is back in the pool
	 */
	CompletionStage<?> pointSelect(int aid);

	/**
	 * Inserts one history row.
	 * @param aid the account id
	 * @param delta the amount
	 * @return the stage that completes when the connection is back in the pool
	 */
	CompletionStage<?> insert(int aid, int delta);

	/**
	 * Borrows a connection, reads one account's balance on it and gives it back.
	 * @param aid the account id
	 * @return the stage that completes, when the connection is back, with the nanoseconds
	 * spent waiting for the connection
	 * @throws UnsupportedOperationException if the contender has no way to borrow a
	 * connection explicitly
	 */
	CompletionStage<Long> timedAcquire(int aid);

	/**
	 * Returns whether {@link #timedAcquire(int)} is supported.
	 * @return whether connections can be borrowed explicitly
	 */
	default boolean canAcquire() {
		return true;
	}

	/**
	 * Runs one call in a shape Spring applications use.
	 * @param shape the shape
	 * @param aid the account id
	 * @return the stage that completes when the call has
	 * @throws UnsupportedOperationException if the contender is not an R2DBC
	 * {@code ConnectionFactory} that Spring's APIs can use
	 */
	default CompletionStage<?> spring(SpringShape shape, int aid) {
		throw new UnsupportedOperationException(name() + " does not run Spring's R2DBC APIs");
	}

	/**
	 * Returns whether {@link #spring(SpringShape, int)} is supported.
	 * @return whether Spring's R2DBC APIs run on this contender
	 */
	default boolean runsSpring() {
		return false;
	}

	/**
	 * Returns what the contender reports about itself after the run, such as how many
	 * statements its metrics recorded.
	 * @return a short note, or an empty string
	 */
	default String details() {
		return "";
	}

	/**
	 * Closes the pool and everything the contender started.
	 */
	@Override
	void close();

}
