package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.databridge.error.DatabaseError;
import io.databridge.query.QueryInstrumentation;
import io.r2dbc.spi.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The read replicas of a primary pool, each a pool of its own, taking the connections of
 * read-only transactions in turn. A replica that cannot hand out a connection within its
 * acquire timeout (down, unreachable, refusing) is skipped for a while and its reads run
 * on the primary; each change is logged once. The replicas close with the primary.
 *
 * @author Databridge team
 */
final class ReadReplicas {

	private static final Log logger = LogFactory.getLog(ReadReplicas.class);

	/**
	 * How long a replica that failed is skipped before a read tries it again.
	 */
	static final Duration RECHECK_AFTER = Duration.ofSeconds(5);

	private final List<Replica> replicas;

	private final AtomicInteger next = new AtomicInteger();

	ReadReplicas(List<DatabridgeConnectionPool> pools) {
		this.replicas = pools.stream().map(Replica::new).toList();
	}

	/**
	 * Hands out a replica's connection for a read-only transaction, or the primary's when
	 * no replica can serve it.
	 * @param instrumentation instruments the statements of the connection handed out
	 * @param primary acquires from the primary
	 * @return the connection
	 */
	Mono<Connection> acquire(QueryInstrumentation instrumentation, Supplier<Mono<Connection>> primary) {
		Replica replica = pick();
		if (replica == null) {
			return primary.get();
		}
		return replica.pool.acquireOwn(instrumentation)
			.doOnNext((connection) -> replica.answered())
			.onErrorResume((ex) -> !(ex instanceof PoolClosedException), (ex) -> {
				replica.failed(ex);
				return primary.get();
			});
	}

	private @Nullable Replica pick() {
		int count = this.replicas.size();
		int start = Math.floorMod(this.next.getAndIncrement(), count);
		long now = System.nanoTime();
		for (int i = 0; i < count; i++) {
			Replica candidate = this.replicas.get((start + i) % count);
			if (candidate.isAvailable(now)) {
				return candidate;
			}
		}
		return null;
	}

	List<DatabridgeConnectionPool> pools() {
		return this.replicas.stream().map((replica) -> replica.pool).toList();
	}

	/**
	 * One replica and whether it is skipped.
	 */
	private static final class Replica {

		private final DatabridgeConnectionPool pool;

		private volatile long skippedUntil;

		private volatile boolean down;

		Replica(DatabridgeConnectionPool pool) {
			this.pool = pool;
			this.skippedUntil = System.nanoTime();
		}

		boolean isAvailable(long now) {
			return !this.down || now - this.skippedUntil >= 0;
		}

		void answered() {
			if (this.down) {
				this.down = false;
				logger.info("[" + this.pool.getSettings().name()
						+ "] The read replica answers again; read-only transactions run on it");
			}
		}

		void failed(Throwable failure) {
			this.skippedUntil = System.nanoTime() + RECHECK_AFTER.toNanos();
			if (!this.down) {
				this.down = true;
				logger.warn("[" + this.pool.getSettings().name() + "] The read replica is unavailable ("
						+ DatabaseError.of(failure).describe() + "); read-only transactions run on the primary, "
						+ "and the replica is tried again every " + RECHECK_AFTER.toSeconds() + "s");
			}
		}

	}

}
