package io.databridge.url;

/**
 * How a connection uses SSL, named as libpq's {@code sslmode} values (the constant
 * {@code VERIFY_FULL} is written {@code verify-full} in a URL). Constants are declared
 * from the weakest to the strongest.
 *
 * @author Databridge team
 */
public enum SslMode {

	/**
	 * Never use SSL ({@code disable}).
	 */
	DISABLE,

	/**
	 * Try without SSL first, then with SSL ({@code allow}).
	 */
	ALLOW,

	/**
	 * Try SSL first, then without it ({@code prefer}).
	 */
	PREFER,

	/**
	 * Use SSL without verifying the server certificate ({@code require}).
	 */
	REQUIRE,

	/**
	 * Use SSL and verify that the server certificate is signed by a trusted authority
	 * ({@code verify-ca}).
	 */
	VERIFY_CA,

	/**
	 * Use SSL, verify the server certificate and that it matches the host name
	 * ({@code verify-full}).
	 */
	VERIFY_FULL

}
