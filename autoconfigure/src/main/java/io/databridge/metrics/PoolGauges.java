package io.databridge.metrics;

import java.util.List;
import java.util.function.ToIntFunction;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds gauges of a pool's state: {@value #ACTIVE}, {@value #IDLE}, {@value #PENDING},
 * {@value #MAX} and {@value #MIN}, each tagged {@code pool}. With OpenTelemetry names on,
 * also {@value #OTEL_COUNT} (tagged {@value #OTEL_STATE} {@code used} or {@code idle}),
 * {@value #OTEL_MAX}, {@value #OTEL_IDLE_MIN}, {@value #OTEL_IDLE_MAX} and
 * {@value #OTEL_PENDING}, tagged {@value #OTEL_POOL_NAME}. Gauges read the pool when
 * scraped; nothing is recorded per acquisition. Each pool's read replicas get the same
 * gauges, tagged with their own pool names.
 *
 * @author Databridge team
 */
public final class PoolGauges implements MeterBinder {

	/**
	 * Connections handed out and not yet given back.
	 */
	public static final String ACTIVE = "databridge.connections.active";

	/**
	 * Connections open and waiting in the pool.
	 */
	public static final String IDLE = "databridge.connections.idle";

	/**
	 * Callers waiting for a connection.
	 */
	public static final String PENDING = "databridge.connections.pending";

	/**
	 * The most connections the pool opens.
	 */
	public static final String MAX = "databridge.connections.max";

	/**
	 * The connections the pool keeps open.
	 */
	public static final String MIN = "databridge.connections.min";

	static final String OTEL_POOL_NAME = "db.client.connection.pool.name";

	static final String OTEL_STATE = "db.client.connection.state";

	static final String OTEL_COUNT = "db.client.connection.count";

	static final String OTEL_MAX = "db.client.connection.max";

	static final String OTEL_IDLE_MIN = "db.client.connection.idle.min";

	static final String OTEL_IDLE_MAX = "db.client.connection.idle.max";

	static final String OTEL_PENDING = "db.client.connection.pending_requests";

	private final List<DatabridgeConnectionPool> pools;

	private final boolean openTelemetryNames;

	/**
	 * Creates gauges for the given pools: the primary database's and those of the
	 * databases under {@code databridge.databases}.
	 * @param pools the pools
	 * @param openTelemetryNames whether to publish under the OpenTelemetry names too
	 */
	public PoolGauges(List<DatabridgeConnectionPool> pools, boolean openTelemetryNames) {
		this.pools = List.copyOf(pools);
		this.openTelemetryNames = openTelemetryNames;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (DatabridgeConnectionPool pool : this.pools) {
			bindTo(registry, pool);
			for (DatabridgeConnectionPool replica : pool.getReadReplicas()) {
				bindTo(registry, replica);
			}
		}
	}

	private void bindTo(MeterRegistry registry, DatabridgeConnectionPool pool) {
		Tags tags = Tags.of("pool", pool.getSettings().name());
		gauge(registry, pool, ACTIVE, "Connections handed out", tags, PoolState::active);
		gauge(registry, pool, IDLE, "Connections open and idle", tags, PoolState::idle);
		gauge(registry, pool, PENDING, "Callers waiting for a connection", tags, PoolState::pending);
		gauge(registry, pool, MAX, "Most connections the pool opens", tags, PoolState::max);
		gauge(registry, pool, MIN, "Connections the pool keeps open", tags, PoolState::min);
		if (this.openTelemetryNames) {
			Tags otel = Tags.of(OTEL_POOL_NAME, pool.getSettings().name());
			gauge(registry, pool, OTEL_COUNT, "Connections by state", otel.and(OTEL_STATE, "used"), PoolState::active);
			gauge(registry, pool, OTEL_COUNT, "Connections by state", otel.and(OTEL_STATE, "idle"), PoolState::idle);
			gauge(registry, pool, OTEL_MAX, "Most connections the pool opens", otel, PoolState::max);
			gauge(registry, pool, OTEL_IDLE_MIN, "Connections the pool keeps open", otel, PoolState::min);
			gauge(registry, pool, OTEL_IDLE_MAX, "Most idle connections the pool keeps", otel, PoolState::max);
			gauge(registry, pool, OTEL_PENDING, "Callers waiting for a connection", otel, PoolState::pending);
		}
	}

	private static void gauge(MeterRegistry registry, DatabridgeConnectionPool pool, String name, String description,
			Tags tags, ToIntFunction<PoolState> value) {
		Gauge.builder(name, pool, (gauged) -> value.applyAsInt(gauged.getState()))
			.description(description)
			.tags(tags)
			.register(registry);
	}

}
