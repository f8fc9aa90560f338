package io.databridge.pool;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import reactor.core.publisher.Mono;

/**
 * Opens connections through the driver and tells the {@link PoolListener} how long each
 * took, or why it failed.
 *
 * @author Databridge team
 */
final class TimedConnectionFactory implements ConnectionFactory {

	private final ConnectionFactory driver;

	private final PoolListener listener;

	TimedConnectionFactory(ConnectionFactory driver, PoolListener listener) {
		this.driver = driver;
		this.listener = listener;
	}

	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return Mono.<Connection>from(this.driver.create())
				.doOnNext((connection) -> this.listener.connectionCreated(System.nanoTime() - start))
				.doOnError((ex) -> this.listener.connectionCreationFailed(System.nanoTime() - start, ex));
		});
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.driver.getMetadata();
	}

}
