package io.databridge.url;

/**
 * Which kind of server a connection to several hosts accepts, named as libpq's
 * {@code target_session_attrs} values ({@code PREFER_STANDBY} is written
 * {@code prefer-standby} in a URL).
 *
 * @author Databridge team
 */
public enum TargetSessionAttributes {

	/**
	 * Any server ({@code any}).
	 */
	ANY,

	/**
	 * A server that accepts writes ({@code read-write}).
	 */
	READ_WRITE,

	/**
	 * A server that refuses writes ({@code read-only}).
	 */
	READ_ONLY,

	/**
	 * A server that is not in hot standby ({@code primary}).
	 */
	PRIMARY,

	/**
	 * A server in hot standby ({@code standby}).
	 */
	STANDBY,

	/**
	 * A server in hot standby when there is one, otherwise any server
	 * ({@code prefer-standby}).
	 */
	PREFER_STANDBY

}
