package io.databridge.query;

/**
 * Whether the reading of one result has been given up by its subscriber and is being
 * drained: the rows still arriving are read to the end of the result so that the
 * connection can serve its next statement, but are neither mapped nor delivered.
 *
 * @author Databridge team
 */
final class Drain {

	private static final Object SKIPPED = new Object();

	private volatile boolean active;

	void start() {
		this.active = true;
	}

	boolean isActive() {
		return this.active;
	}

	/**
	 * Returns the value that stands for a row read while draining, in place of the
	 * caller's mapping; it is dropped before it reaches anybody.
	 * @param <T> the type the mapping would have produced
	 * @return the stand-in
	 */
	@SuppressWarnings("unchecked")
	static <T> T skipped() {
		return (T) SKIPPED;
	}

}
