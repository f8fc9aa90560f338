package io.databridge.sample.pool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.databridge.health.DatabridgeHealthIndicator;
import io.databridge.metrics.PoolMeters;
import io.databridge.metrics.QueryMeters;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Reads a {@link PoolSnapshot}: the pool's state straight from the pool, counts and
 * acquire-wait percentiles from the meters Databridge publishes, and the status of its
 * health indicator. The percentiles exist when
 * {@code management.metrics.distribution.percentiles} names {@value PoolMeters#ACQUIRE},
 * as the sample's {@code application.yml} does.
 *
 * @author Databridge team
 */
@Component
class PoolStatistics {

	private static final List<Double> PERCENTILES = List.of(0.5, 0.95, 0.99);

	private final DatabridgeConnectionPool pool;

	private final MeterRegistry registry;

	private final ObjectProvider<DatabridgeHealthIndicator> health;

	PoolStatistics(DatabridgeConnectionPool pool, MeterRegistry registry,
			ObjectProvider<DatabridgeHealthIndicator> health) {
		this.pool = pool;
		this.registry = registry;
		this.health = health;
	}

	/**
	 * Reads the pool's state and meters, then its health. The state is read first so that
	 * the health check's own connection is not counted as active.
	 * @return the snapshot
	 */
	Mono<PoolSnapshot> snapshot() {
		return Mono.defer(() -> {
			PoolState state = this.pool.getState();
			Timer acquire = this.registry.find(PoolMeters.ACQUIRE).tag("pool", state.name()).timer();
			long acquisitions = (acquire != null) ? acquire.count() : 0;
			PoolSnapshot.Percentiles percentiles = (acquire != null) ? percentiles(acquire.takeSnapshot()) : null;
			long timeouts = timeouts(state.name());
			long queries = queries(state.name());
			return health().map((health) -> new PoolSnapshot(state.name(), health, state.active(), state.idle(),
					state.pending(), state.min(), state.max(), acquisitions, timeouts, queries, percentiles));
		});
	}

	private Mono<String> health() {
		DatabridgeHealthIndicator indicator = this.health.getIfAvailable();
		Mono<Health> health = (indicator != null) ? indicator.health() : Mono.empty();
		return health.map((result) -> result.getStatus().getCode()).defaultIfEmpty(Status.UNKNOWN.getCode());
	}

	private long timeouts(String pool) {
		Counter timeouts = this.registry.find(PoolMeters.TIMEOUTS).tag("pool", pool).counter();
		return (timeouts != null) ? (long) timeouts.count() : 0;
	}

	private long queries(String pool) {
		return this.registry.find(QueryMeters.QUERY).tag("pool", pool).timers().stream().mapToLong(Timer::count).sum();
	}

	private static PoolSnapshot.@Nullable Percentiles percentiles(HistogramSnapshot snapshot) {
		Map<Double, Double> millis = new HashMap<>();
		for (ValueAtPercentile value : snapshot.percentileValues()) {
			millis.put(value.percentile(), Math.round(value.value(TimeUnit.MICROSECONDS)) / 1000.0);
		}
		if (!millis.keySet().containsAll(PERCENTILES)) {
			return null;
		}
		return new PoolSnapshot.Percentiles(millis.get(0.5), millis.get(0.95), millis.get(0.99));
	}

}
