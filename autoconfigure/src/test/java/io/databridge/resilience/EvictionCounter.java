package io.databridge.resilience;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.pool.EvictionReason;
import io.databridge.pool.PoolListener;

/**
 * Counts the connections the pool closes, by reason, and the connections it opens.
 *
 * @author Databridge team
 */
final class EvictionCounter implements PoolListener {

	private final Map<EvictionReason, AtomicInteger> evicted = new ConcurrentHashMap<>();

	private final AtomicInteger created = new AtomicInteger();

	private final AtomicInteger failedCreations = new AtomicInteger();

	@Override
	public void connectionEvicted(EvictionReason reason) {
		this.evicted.computeIfAbsent(reason, (key) -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public void connectionCreated(long creationNanos) {
		this.created.incrementAndGet();
	}

	@Override
	public void connectionCreationFailed(long creationNanos, Throwable error) {
		this.failedCreations.incrementAndGet();
	}

	int evicted(EvictionReason reason) {
		AtomicInteger count = this.evicted.get(reason);
		return (count != null) ? count.get() : 0;
	}

	int broken() {
		return evicted(EvictionReason.BROKEN) + evicted(EvictionReason.VALIDATION);
	}

	int created() {
		return this.created.get();
	}

	int failedCreations() {
		return this.failedCreations.get();
	}

}
