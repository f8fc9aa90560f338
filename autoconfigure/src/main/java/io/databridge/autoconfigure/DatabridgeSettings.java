package io.databridge.autoconfigure;

import io.databridge.connection.ConnectionSettings;
import io.databridge.pool.PoolSettings;
import io.databridge.query.QueryTarget;
import io.databridge.url.HostAddress;

/**
 * The validated settings the Databridge pool is built from, resolved once from
 * {@link DatabridgeProperties} and the {@link DatabridgeConnectionDetails}.
 *
 * @param connection how connections are opened
 * @param pool how the pool behaves
 * @author Databridge team
 */
public record DatabridgeSettings(ConnectionSettings connection, PoolSettings pool) {

	private static final int DEFAULT_PORT = 5432;

	/**
	 * Returns the database the pool's statements run against, as metrics and tracing name
	 * it: the first host, or the Unix socket directory.
	 * @return the target
	 */
	public QueryTarget queryTarget() {
		String address;
		int port;
		if (this.connection.unixSocket() != null || this.connection.hosts().isEmpty()) {
			address = String.valueOf(this.connection.unixSocket());
			port = this.connection.hosts().isEmpty() ? DEFAULT_PORT : this.connection.hosts().get(0).port();
		}
		else {
			HostAddress first = this.connection.hosts().get(0);
			address = first.host();
			port = first.port();
		}
		return new QueryTarget(this.pool.name(), this.connection.database(), address, port);
	}

	@Override
	public String toString() {
		return "DatabridgeSettings[" + this.connection.describe() + "; pool " + this.pool.describe() + "]";
	}

}
