package io.databridge.pool;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.pool.AllocationStrategy;

/**
 * Allows up to {@code max} connections and names {@code min} as the core size but, unlike
 * reactor-pool's {@code sizeBetween}, never opens extra connections alongside the one an
 * acquire needs. A failing server therefore sees one connection attempt per acquire, not
 * one per missing core connection, and filling the core is left to {@link CoreSizeFill},
 * which the pool's refiller runs.
 *
 * @author Databridge team
 */
final class CoreSizeAllocationStrategy implements AllocationStrategy {

	private final int min;

	private final int max;

	private final AtomicInteger available;

	CoreSizeAllocationStrategy(int min, int max) {
		this.min = min;
		this.max = max;
		this.available = new AtomicInteger(max);
	}

	@Override
	public int getPermits(int desired) {
		if (desired < 0) {
			return 0;
		}
		for (;;) {
			int free = this.available.get();
			int granted = this.max - free;
			int target = (desired == 0) ? Math.min(free, Math.max(0, this.min - granted)) : Math.min(desired, free);
			if (this.available.compareAndSet(free, free - target)) {
				return target;
			}
		}
	}

	@Override
	public int estimatePermitCount() {
		return this.available.get();
	}

	@Override
	public int permitGranted() {
		return this.max - this.available.get();
	}

	@Override
	public int permitMinimum() {
		return this.min;
	}

	@Override
	public int permitMaximum() {
		return this.max;
	}

	@Override
	public void returnPermits(int returned) {
		this.available.addAndGet(returned);
	}

	@Override
	public int warmupParallelism() {
		return Math.max(1, this.min);
	}

}
