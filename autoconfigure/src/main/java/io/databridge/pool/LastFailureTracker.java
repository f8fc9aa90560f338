package io.databridge.pool;

import java.time.Clock;

import io.databridge.error.DatabaseError;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the last failure to open a connection until a connection opens again, so that
 * the pool's state tells whether the server is reachable without a new attempt.
 *
 * @author Databridge team
 */
final class LastFailureTracker implements PoolListener {

	private final Clock clock;

	private volatile @Nullable ConnectionFailure lastFailure;

	LastFailureTracker(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void connectionCreated(long creationNanos) {
		this.lastFailure = null;
	}

	@Override
	public void connectionCreationFailed(long creationNanos, Throwable error) {
		this.lastFailure = new ConnectionFailure(DatabaseError.of(error), this.clock.instant());
	}

	@Nullable ConnectionFailure lastFailure() {
		return this.lastFailure;
	}

}
