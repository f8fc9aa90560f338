package io.databridge.url;

import java.util.Objects;

/**
 * A TCP host and port to connect to.
 *
 * @param host the host name or IP address as written in the URL (an IPv6 address without
 * its brackets)
 * @param port the port, from 1 to 65535
 * @author Databridge team
 */
public record HostAddress(String host, int port) {

	/**
	 * PostgreSQL's port, where a URL names none.
	 */
	public static final int DEFAULT_PORT = 5432;

	/**
	 * Creates a host address.
	 * @param host the host name or IP address, not empty
	 * @param port the port, from 1 to 65535
	 */
	public HostAddress {
		Objects.requireNonNull(host, "'host' must not be null");
		if (host.isEmpty()) {
			throw new IllegalArgumentException("'host' must not be empty");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("'port' must be between 1 and 65535, not " + port);
		}
	}

	/**
	 * Returns {@code host:port}, with an IPv6 address in brackets.
	 * @return the address as it would be written in a URL
	 */
	@Override
	public String toString() {
		return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
