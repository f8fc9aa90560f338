package io.databridge.testcontainers;

import io.databridge.autoconfigure.DatabridgeConnectionDetails;
import io.databridge.url.HostAddress;
import io.databridge.url.LibpqUrl;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * {@link ContainerConnectionDetailsFactory} that creates
 * {@link DatabridgeConnectionDetails} from a
 * {@link ServiceConnection @ServiceConnection}-annotated {@link PostgreSQLContainer}, so
 * the Databridge pool connects to the container while the other {@code databridge.*}
 * settings still apply.
 *
 * @author Databridge team
 */
class PostgresContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<PostgreSQLContainer, DatabridgeConnectionDetails> {

	static final String[] REQUIRED_CLASSES = { "io.r2dbc.postgresql.PostgresqlConnectionFactory",
			"reactor.pool.InstrumentedPool" };

	PostgresContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, REQUIRED_CLASSES);
	}

	@Override
	protected DatabridgeConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<PostgreSQLContainer> source) {
		return new PostgresContainerConnectionDetails<>(source);
	}

	/**
	 * {@link DatabridgeConnectionDetails} backed by a PostgreSQL container: its mapped
	 * port on the Docker host, its database and its credentials. {@link #toString()}
	 * names where the container was declared, never its password.
	 *
	 * @param <C> the container type
	 */
	static final class PostgresContainerConnectionDetails<C extends JdbcDatabaseContainer<?>>
			extends ContainerConnectionDetails<C> implements DatabridgeConnectionDetails {

		@Override
		public boolean isDirect() {
			return true;
		}

		static final int POSTGRESQL_PORT = 5432;

		PostgresContainerConnectionDetails(ContainerConnectionSource<C> source) {
			super(source);
		}

		@Override
		public String getUrl() {
			C container = getContainer();
			HostAddress address = new HostAddress(container.getHost(), container.getMappedPort(POSTGRESQL_PORT));
			return LibpqUrl.of(address, container.getDatabaseName());
		}

		@Override
		public String getUsername() {
			return getContainer().getUsername();
		}

		@Override
		public String getPassword() {
			return getContainer().getPassword();
		}

		@Override
		public String toString() {
			return "DatabridgeConnectionDetails for " + getOrigin();
		}

	}

}
