package io.databridge.url;

/**
 * Whether SCRAM authentication binds to the TLS channel, named as libpq's
 * {@code channel_binding} values.
 *
 * @author Databridge team
 */
public enum ChannelBinding {

	/**
	 * Never use channel binding ({@code disable}).
	 */
	DISABLE,

	/**
	 * Use channel binding when the server offers it ({@code prefer}).
	 */
	PREFER,

	/**
	 * Fail unless the server authenticates with channel binding ({@code require}).
	 */
	REQUIRE

}
