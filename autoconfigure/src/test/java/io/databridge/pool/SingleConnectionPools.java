package io.databridge.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.databridge.test.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens pools of one connection, without validation, on the test database for a test, and
 * disposes of them after it. Register with
 * {@link org.junit.jupiter.api.extension.RegisterExtension @RegisterExtension}.
 *
 * @author Databridge team
 */
final class SingleConnectionPools implements AfterEachCallback {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<DatabridgeConnectionPool> pools = new ArrayList<>();

	/**
	 * Returns a driver factory for the test database.
	 * @return the driver's connection factory
	 */
	static ConnectionFactory driver() {
		return ConnectionFactories.get("r2dbc:" + TestDatabase.get().adminUrl());
	}

	/**
	 * Opens a pool of one connection from the given driver.
	 * @param driver opens the pool's connection
	 * @param acquireTimeout how long an acquire may wait
	 * @return the pool, holding its connection
	 */
	DatabridgeConnectionPool open(ConnectionFactory driver, Duration acquireTimeout) {
		DatabridgeConnectionPool pool = DatabridgeConnectionPool
			.builder(driver,
					TestPoolSettings.defaults()
						.name("single-" + System.nanoTime())
						.size(1, 0)
						.acquireTimeout(acquireTimeout)
						.maxPending(-1)
						.validation(ValidationMode.NEVER)
						.validationInterval(Duration.ofSeconds(30))
						.shutdownTimeout(Duration.ofSeconds(5))
						.build())
			.build();
		this.pools.add(pool);
		pool.open().block(TIMEOUT);
		return pool;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.pools.forEach(DatabridgeConnectionPool::disposeNow);
		this.pools.clear();
	}

}
