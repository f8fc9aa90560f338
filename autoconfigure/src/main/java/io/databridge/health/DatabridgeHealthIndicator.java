package io.databridge.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.databridge.error.DatabaseError;
import io.databridge.pool.ConnectionFailure;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolState;
import io.databridge.pool.ReplicaState;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.Readable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * Reports the health of a {@link DatabridgeConnectionPool}.
 * <p>
 * In {@link HealthCheckMode#QUERY query} mode it runs {@code SELECT current_database()}
 * (its round trip is reported as {@code latencyMillis}) and gives up after the timeout,
 * reporting DOWN with the reason, so a server that accepts connections and never answers
 * cannot hang the health endpoint. Results are kept for the cache time and concurrent
 * checks share one query, so a storm of probes uses at most one connection. In
 * {@link HealthCheckMode#POOL pool} mode it reads the pool's state only.
 * <p>
 * Details never carry the driver's message, which may quote connection details: a failure
 * is reported as its {@link io.databridge.error.ErrorKind kind}, SQLSTATE and exception
 * type.
 *
 * @author Databridge team
 */
public final class DatabridgeHealthIndicator implements ReactiveHealthIndicator {

	private static final String QUERY = "SELECT current_database()";

	private final DatabridgeConnectionPool pool;

	private final HealthCheckMode mode;

	private final Duration timeout;

	private final Mono<Health> check;

	/**
	 * Creates an indicator.
	 * @param pool the pool
	 * @param mode how to check
	 * @param timeout how long a check may take
	 * @param cacheTime how long a result is reused
	 */
	public DatabridgeHealthIndicator(DatabridgeConnectionPool pool, HealthCheckMode mode, Duration timeout,
			Duration cacheTime) {
		this.pool = pool;
		this.mode = mode;
		this.timeout = timeout;
		this.check = Mono.defer(this::query).cache(cacheTime);
	}

	@Override
	public Mono<Health> health() {
		Mono<Health> health = (this.mode == HealthCheckMode.POOL) ? Mono.fromSupplier(this::poolHealth) : this.check;
		return this.pool.getReadReplicaStates().isEmpty() ? health : health.map(this::withReplicas);
	}

	/**
	 * Adds each read replica's state. A replica that is down or lagging does not change
	 * the status: the primary serves its reads, so readiness stays up while it does.
	 */
	private Health withReplicas(Health health) {
		Map<String, Object> replicas = new LinkedHashMap<>();
		for (ReplicaState replica : this.pool.getReadReplicaStates()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("status", replica.status().name().toLowerCase(Locale.ROOT));
			if (replica.lagSeconds() != null) {
				details.put("lagSeconds", replica.lagSeconds());
			}
			if (replica.error() != null) {
				details.put("error", replica.error());
			}
			details.put("pool", poolDetails(replica.pool()));
			replicas.put(replica.name(), details);
		}
		return Health.status(health.getStatus())
			.withDetails(health.getDetails())
			.withDetail("replicas", replicas)
			.build();
	}

	private Mono<Health> query() {
		Instant started = Instant.now();
		return Mono.usingWhen(this.pool.createUnobserved(), this::query, Connection::close)
			.map((details) -> details.withDetail("pool", poolDetails(this.pool.getState())).build())
			.timeout(this.timeout)
			.onErrorResume((ex) -> Mono.just(down(ex, started)));
	}

	private Mono<Health.Builder> query(Connection connection) {
		ConnectionMetadata metadata = connection.getMetadata();
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return Mono.from(connection.createStatement(QUERY).execute())
				.flatMap((result) -> Mono.from(result.map(DatabridgeHealthIndicator::database)))
				.map((database) -> Health.up()
					.withDetail("database", database)
					.withDetail("product", metadata.getDatabaseProductName())
					.withDetail("version", metadata.getDatabaseVersion())
					.withDetail("latencyMillis", millis(System.nanoTime() - start)));
		});
	}

	private static String database(Readable row) {
		String database = row.get(0, String.class);
		return (database != null) ? database : "";
	}

	private Health down(Throwable failure, Instant started) {
		Health.Builder builder = Health.down();
		PoolState state = this.pool.getState();
		ConnectionFailure connectionFailure = state.lastFailure();
		if (!(failure instanceof TimeoutException)) {
			withError(builder, DatabaseError.of(failure));
		}
		else if (connectionFailure != null && !connectionFailure.at().isBefore(started)) {
			withError(builder, connectionFailure.error()).withDetail("reason",
					"No connection within " + this.timeout.toMillis() + " ms; the pool's attempts to open one fail");
		}
		else {
			builder.withDetail("error", "timeout")
				.withDetail("reason", "No answer within " + this.timeout.toMillis() + " ms");
		}
		return builder.withDetail("pool", poolDetails(state)).build();
	}

	private Health poolHealth() {
		PoolState state = this.pool.getState();
		Map<String, Object> pool = poolDetails(state);
		ConnectionFailure failure = state.lastFailure();
		if (state.closed()) {
			return Health.down().withDetail("error", "pool-closed").withDetail("pool", pool).build();
		}
		if (failure != null && state.open() == 0) {
			return withError(Health.down(), failure.error()).withDetail("since", failure.at().toString())
				.withDetail("pool", pool)
				.build();
		}
		Status status = (state.open() > 0) ? Status.UP : Status.UNKNOWN;
		return Health.status(status).withDetail("pool", pool).build();
	}

	private static Health.Builder withError(Health.Builder builder, DatabaseError error) {
		builder.withDetail("error", error.kind().value()).withDetail("exception", error.exceptionType());
		return (error.sqlState() != null) ? builder.withDetail("sqlState", error.sqlState()) : builder;
	}

	private static Map<String, Object> poolDetails(PoolState state) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", state.name());
		details.put("active", state.active());
		details.put("idle", state.idle());
		details.put("pending", state.pending());
		details.put("max", state.max());
		return details;
	}

	private static double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}

}
