package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.databridge.error.DatabaseError;
import io.r2dbc.spi.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The read replicas of a primary pool, each a pool of its own, taking the connections of
 * read-only transactions in turn. A replica is skipped, and its reads run on the primary,
 * while it cannot hand out a connection within its acquire timeout (down, unreachable,
 * refusing; tried again after a while) or while it lags behind the primary by more than
 * its maximum lag (measured every second). Each change is logged once. The replicas close
 * with the primary.
 *
 * @author Databridge team
 */
final class ReadReplicas {

	private static final Log logger = LogFactory.getLog(ReadReplicas.class);

	/**
	 * How long a replica that failed is skipped before a read tries it again.
	 */
	static final Duration RECHECK_AFTER = Duration.ofSeconds(5);

	/**
	 * How often the lag of a replica with a maximum lag is measured.
	 */
	static final Duration LAG_CHECK_INTERVAL = Duration.ofSeconds(1);

	/**
	 * Seconds the standby's replay is behind: none while it has replayed all it received,
	 * else the age of the last transaction it replayed (or, before it replayed any, of
	 * its start). A server that is not a standby does not lag.
	 */
	private static final String LAG_QUERY = "SELECT CASE WHEN NOT pg_is_in_recovery() "
			+ "OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE EXTRACT(EPOCH FROM now() - "
			+ "COALESCE(pg_last_xact_replay_timestamp(), pg_postmaster_start_time())) END::float8";

	private static final Duration LAG_CHECK_TIMEOUT = Duration.ofSeconds(5);

	private final List<Replica> replicas;

	private final AtomicInteger next = new AtomicInteger();

	private final Disposable.Composite lagChecks = Disposables.composite();

	ReadReplicas(List<DatabridgeConnectionPool.ReplicaPool> pools) {
		this.replicas = pools.stream().map((pool) -> new Replica(pool.pool(), pool.maxLag())).toList();
		long interval = LAG_CHECK_INTERVAL.toMillis();
		for (Replica replica : this.replicas) {
			if (replica.maxLag != null) {
				this.lagChecks.add(Schedulers.parallel()
					.schedulePeriodically(replica::checkLag, interval, interval, TimeUnit.MILLISECONDS));
			}
		}
	}

	/**
	 * Stops measuring the replicas' lag.
	 */
	void stopLagChecks() {
		this.lagChecks.dispose();
	}

	/**
	 * Hands out a replica's connection for a read-only transaction, or the primary's when
	 * no replica can serve it.
	 * @param observed whether its statements are reported to the query listeners, under
	 * the name of the pool that runs them
	 * @param primary acquires from the primary
	 * @return the connection
	 */
	Mono<Connection> acquire(boolean observed, Supplier<Mono<Connection>> primary) {
		Replica replica = pick();
		if (replica == null) {
			return primary.get();
		}
		return replica.pool.acquireOwn(observed)
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

	List<ReplicaState> states() {
		return this.replicas.stream().map(Replica::state).toList();
	}

	List<DatabridgeConnectionPool> pools() {
		return this.replicas.stream().map((replica) -> replica.pool).toList();
	}

	/**
	 * One replica and whether it is skipped.
	 */
	private static final class Replica {

		private final DatabridgeConnectionPool pool;

		private final @Nullable Duration maxLag;

		private final AtomicBoolean checking = new AtomicBoolean();

		private volatile long skippedUntil;

		private volatile boolean down;

		private volatile boolean lagging;

		private volatile @Nullable Double lagSeconds;

		private volatile @Nullable String error;

		Replica(DatabridgeConnectionPool pool, @Nullable Duration maxLag) {
			this.pool = pool;
			this.maxLag = maxLag;
			this.skippedUntil = System.nanoTime();
		}

		ReplicaState state() {
			ReplicaState.Status status = this.lagging ? ReplicaState.Status.LAGGING
					: (this.down ? ReplicaState.Status.DOWN : ReplicaState.Status.SERVING);
			return new ReplicaState(this.pool.getSettings().name(), status, this.lagSeconds,
					this.down ? this.error : null, this.pool.getState());
		}

		boolean isAvailable(long now) {
			return !this.lagging && (!this.down || now - this.skippedUntil >= 0);
		}

		/**
		 * Measures the replica's lag, unless a measurement is still under way. A replica
		 * that cannot be asked keeps its lag state: its outage is seen by the reads.
		 */
		void checkLag() {
			if (!this.checking.compareAndSet(false, true)) {
				return;
			}
			Mono.usingWhen(this.pool.createUnobserved(),
					(connection) -> Mono.from(connection.createStatement(LAG_QUERY).execute())
						.flatMap((result) -> Mono.from(result.map((row) -> row.get(0, Double.class)))),
					Connection::close)
				.timeout(LAG_CHECK_TIMEOUT)
				.doFinally((signal) -> this.checking.set(false))
				.subscribe(this::lagMeasured, (ex) -> logger
					.debug("[" + this.pool.getSettings().name() + "] Could not measure the read replica's lag", ex));
		}

		private void lagMeasured(Double seconds) {
			this.lagSeconds = seconds;
			Duration maxLag = this.maxLag;
			if (maxLag == null) {
				return;
			}
			boolean over = seconds * 1000 > maxLag.toMillis();
			if (over && !this.lagging) {
				this.lagging = true;
				logger.warn("[" + this.pool.getSettings().name() + "] The read replica lags "
						+ String.format("%.1f", seconds) + "s behind the primary, more than its max-lag of " + maxLag
						+ "; read-only transactions run on the primary until it catches up");
			}
			else if (!over && this.lagging) {
				this.lagging = false;
				logger.info("[" + this.pool.getSettings().name()
						+ "] The read replica has caught up; read-only transactions run on it");
			}
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
			this.error = DatabaseError.of(failure).kind().value();
			if (!this.down) {
				this.down = true;
				logger.warn("[" + this.pool.getSettings().name() + "] The read replica is unavailable ("
						+ DatabaseError.of(failure).describe() + "); read-only transactions run on the primary, "
						+ "and the replica is tried again every " + RECHECK_AFTER.toSeconds() + "s");
			}
		}

	}

}
