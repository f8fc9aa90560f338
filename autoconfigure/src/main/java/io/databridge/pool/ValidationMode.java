package io.databridge.pool;

/**
 * When the pool checks a connection with a round trip to the server before handing it
 * out.
 *
 * @author Databridge team
 */
public enum ValidationMode {

	/**
	 * Only a connection idle for longer than the validation interval is pinged; every
	 * connection is still checked locally (is the socket open?), which costs no round
	 * trip.
	 */
	IDLE,

	/**
	 * Every connection is pinged before it is handed out.
	 */
	ALWAYS,

	/**
	 * Connections are handed out unchecked; a dead one is only noticed when it is used.
	 */
	NEVER

}
