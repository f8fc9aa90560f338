package io.databridge.pool;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Builds {@link PoolSettings} for tests from the defaults of {@code databridge.pool.*},
 * so that a test names only what it is about.
 *
 * @author Databridge team
 */
final class TestPoolSettings {

	private String name = "test-" + System.nanoTime();

	private int size = 10;

	private int maxOverflow = 10;

	private Duration acquireTimeout = Duration.ofSeconds(30);

	private Duration idleTimeout = Duration.ofMinutes(10);

	private Duration maxLifetime = Duration.ofMinutes(30);

	private int maxPending = 1000;

	private ValidationMode validation = ValidationMode.IDLE;

	private Duration validationInterval = Duration.ofSeconds(1);

	private @Nullable Duration leakDetectionThreshold;

	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private @Nullable Duration replyTimeout;

	private Duration drainTimeout = Duration.ofSeconds(1);

	private TestPoolSettings() {
	}

	static TestPoolSettings defaults() {
		return new TestPoolSettings();
	}

	TestPoolSettings name(String name) {
		this.name = name;
		return this;
	}

	TestPoolSettings size(int size, int maxOverflow) {
		this.size = size;
		this.maxOverflow = maxOverflow;
		return this;
	}

	TestPoolSettings acquireTimeout(Duration acquireTimeout) {
		this.acquireTimeout = acquireTimeout;
		return this;
	}

	TestPoolSettings idleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
		return this;
	}

	TestPoolSettings maxLifetime(Duration maxLifetime) {
		this.maxLifetime = maxLifetime;
		return this;
	}

	TestPoolSettings maxPending(int maxPending) {
		this.maxPending = maxPending;
		return this;
	}

	TestPoolSettings validation(ValidationMode validation) {
		this.validation = validation;
		return this;
	}

	TestPoolSettings validationInterval(Duration validationInterval) {
		this.validationInterval = validationInterval;
		return this;
	}

	TestPoolSettings shutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
		return this;
	}

	PoolSettings build() {
		return new PoolSettings(this.name, this.size, this.maxOverflow, this.acquireTimeout, this.idleTimeout,
				this.maxLifetime, this.maxPending, this.validation, this.validationInterval,
				this.leakDetectionThreshold, this.shutdownTimeout, this.replyTimeout, this.drainTimeout);
	}

}
