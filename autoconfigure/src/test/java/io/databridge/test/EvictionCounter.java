package io.databridge.test;

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
public final class EvictionCounter implements PoolListener {

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

	public int evicted(EvictionReason reason) {
		AtomicInteger count = this.evicted.get(reason);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Returns the number of connections closed for any reason.
	 * @return the count
	 */
	public int evicted() {
		return this.evicted.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	public int broken() {
		return evicted(EvictionReason.BROKEN) + evicted(EvictionReason.VALIDATION);
	}

	public int created() {
		return this.created.get();
	}

	public int failedCreations() {
		return this.failedCreations.get();
	}

}
