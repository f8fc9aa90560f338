package io.databridge.pool;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PooledRef;

/**
 * Opens connections until a pool holds its core size, without ever leaving a caller
 * waiting beside idle connections.
 * <p>
 * reactor-pool's {@code warmup()} reserves the allocation permits for the connections it
 * opens and adds them to the idle queue without serving the callers already waiting. When
 * the pool holds no idle connection, a caller who arrives while every permit is reserved
 * waits for its whole acquire timeout: nobody holds a connection whose give-back would
 * serve it. So when nothing is idle, the fill goes through the pool's own acquire path
 * instead: one borrower per missing connection, each giving back at once the connection
 * opened for it, which serves whoever waits. When connections are idle, {@code warmup()}
 * is safe: a caller only waits once every idle connection is taken, and the give-back of
 * one of those serves it. Neither path holds an idle connection while connections open.
 *
 * @author Databridge team
 */
final class CoreSizeFill {

	private CoreSizeFill() {
	}

	/**
	 * Returns a fill of the given pool up to the given size.
	 * @param pool the pool
	 * @param size the core size
	 * @param timeout how long a borrower of the fill may wait for a connection
	 * @return the number of connections the fill opened, or the error that ended it
	 */
	static Mono<Integer> of(InstrumentedPool<PoolEntry> pool, int size, Duration timeout) {
		return Mono.defer(() -> {
			InstrumentedPool.PoolMetrics metrics = pool.metrics();
			int before = metrics.allocatedSize();
			int missing = size - before;
			if (missing <= 0) {
				return Mono.just(0);
			}
			Mono<?> fill = (metrics.idleSize() > 0) ? pool.warmup()
					: Flux.range(0, missing)
						.flatMap((i) -> pool.acquire(timeout).flatMap(PooledRef::release), missing)
						.then();
			return fill.then(Mono.fromSupplier(() -> Math.max(0, pool.metrics().allocatedSize() - before)));
		});
	}

}
