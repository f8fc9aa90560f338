package io.databridge.pool;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PooledRef;

/**
 * Opens connections until a pool holds its core size, through the pool's own acquire
 * path: as many borrowers as connections are missing (plus one for each idle connection,
 * which a borrower takes first) acquire at once, hold what they get until every one has a
 * connection, then give them all back.
 * <p>
 * reactor-pool's {@code warmup()} is not used for this: it reserves the allocation
 * permits for the connections it opens and adds them to the idle queue without serving
 * the callers already waiting, so a caller that arrived while every permit was reserved
 * would wait for its whole acquire timeout beside idle connections. A borrower's
 * allocation, by contrast, is handed to a borrower, and its give-back serves whoever
 * waits.
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
			int borrowers = missing + metrics.idleSize();
			return Mono.usingWhen(Mono.fromSupplier(ConcurrentLinkedQueue<PooledRef<PoolEntry>>::new),
					(held) -> Flux.range(0, borrowers)
						.flatMap((i) -> pool.acquire(timeout), borrowers)
						.doOnNext(held::add)
						.then(Mono.fromSupplier(() -> Math.max(0, pool.metrics().allocatedSize() - before))),
					CoreSizeFill::giveBack);
		});
	}

	private static Mono<Void> giveBack(Queue<PooledRef<PoolEntry>> held) {
		return Flux.fromIterable(held).flatMap(PooledRef::release).then();
	}

}
