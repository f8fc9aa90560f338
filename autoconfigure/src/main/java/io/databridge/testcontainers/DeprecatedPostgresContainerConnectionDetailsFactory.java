package io.databridge.testcontainers;

import io.databridge.autoconfigure.DatabridgeConnectionDetails;
import io.databridge.testcontainers.PostgresContainerConnectionDetailsFactory.PostgresContainerConnectionDetails;
import org.testcontainers.containers.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * {@link ContainerConnectionDetailsFactory} that creates
 * {@link DatabridgeConnectionDetails} from a
 * {@link ServiceConnection @ServiceConnection}-annotated
 * {@code org.testcontainers.containers.PostgreSQLContainer}, the class Testcontainers 1.x
 * used and 2.x deprecates, so tests written for it keep reaching their container.
 *
 * @author Databridge team
 */
@SuppressWarnings({ "deprecation", "removal" })
class DeprecatedPostgresContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<PostgreSQLContainer<?>, DatabridgeConnectionDetails> {

	DeprecatedPostgresContainerConnectionDetailsFactory() {
		super(ANY_CONNECTION_NAME, PostgresContainerConnectionDetailsFactory.REQUIRED_CLASSES);
	}

	@Override
	protected DatabridgeConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<PostgreSQLContainer<?>> source) {
		return new PostgresContainerConnectionDetails<>(source);
	}

}
