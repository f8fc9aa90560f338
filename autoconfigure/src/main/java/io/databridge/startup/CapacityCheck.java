package io.databridge.startup;

/**
 * What to do at startup when the server cannot take as many connections as the pool may
 * open.
 *
 * @author Databridge team
 */
public enum CapacityCheck {

	/**
	 * Log a warning with the server's numbers.
	 */
	WARN,

	/**
	 * Fail startup with the server's numbers.
	 */
	FAIL,

	/**
	 * Do not look.
	 */
	OFF

}
