package io.databridge.metrics;

import java.util.concurrent.TimeUnit;

import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.pool.EvictionReason;
import io.databridge.pool.PoolListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records a pool's timers and counters: acquire wait, connection creation and usage,
 * acquire timeouts and rejections, connection errors by SQLSTATE class, and evictions.
 * <p>
 * Databridge's names, each tagged {@code pool}: {@value #ACQUIRE}, {@value #CREATION},
 * {@value #USAGE} (timers), {@value #TIMEOUTS}, {@value #REJECTED}, {@value #ERRORS}
 * (also tagged {@code sqlstate.class} and {@code reason}) and {@value #EVICTED} (also
 * tagged {@code reason}). With OpenTelemetry names on, also {@value #OTEL_WAIT_TIME},
 * {@value #OTEL_CREATE_TIME}, {@value #OTEL_USE_TIME} and {@value #OTEL_TIMEOUTS}, tagged
 * {@value PoolGauges#OTEL_POOL_NAME}.
 *
 * @author Databridge team
 */
public final class PoolMeters implements PoolListener {

	/**
	 * Time callers waited for a connection, whether they got one or not.
	 */
	public static final String ACQUIRE = "databridge.connections.acquire";

	/**
	 * Time taken to open a connection to the server.
	 */
	public static final String CREATION = "databridge.connections.creation";

	/**
	 * Time callers held a connection, from acquire to release.
	 */
	public static final String USAGE = "databridge.connections.usage";

	/**
	 * Acquisitions that gave up because the acquire timeout passed.
	 */
	public static final String TIMEOUTS = "databridge.connections.timeout";

	/**
	 * Acquisitions turned away at once because too many callers were already waiting.
	 */
	public static final String REJECTED = "databridge.connections.rejected";

	/**
	 * Connections held past the leak detection threshold.
	 */
	public static final String LEAKS = "databridge.connections.leaks";

	/**
	 * Failures to open a connection.
	 */
	public static final String ERRORS = "databridge.connections.errors";

	/**
	 * Connections the pool closed, tagged with the {@link EvictionReason reason}: idle
	 * too long, too old, failed their check, broken in use, or still busy with a
	 * cancelled statement past the drain timeout.
	 */
	public static final String EVICTED = "databridge.connections.evicted";

	static final String OTEL_WAIT_TIME = "db.client.connection.wait_time";

	static final String OTEL_CREATE_TIME = "db.client.connection.create_time";

	static final String OTEL_USE_TIME = "db.client.connection.use_time";

	static final String OTEL_TIMEOUTS = "db.client.connection.timeouts";

	private final MeterRegistry registry;

	private final Tags tags;

	private final Timer acquire;

	private final Timer creation;

	private final Timer usage;

	private final Counter timeouts;

	private final Counter rejected;

	private final Counter leaks;

	private final @Nullable OpenTelemetryMeters openTelemetry;

	/**
	 * Registers the meters of a pool.
	 * @param registry the registry
	 * @param poolName the pool name
	 * @param openTelemetryNames whether to record under the OpenTelemetry names too
	 */
	public PoolMeters(MeterRegistry registry, String poolName, boolean openTelemetryNames) {
		this.registry = registry;
		this.tags = Tags.of("pool", poolName);
		this.acquire = Timer.builder(ACQUIRE)
			.description("Time callers waited for a connection")
			.tags(this.tags)
			.publishPercentileHistogram()
			.register(registry);
		this.creation = Timer.builder(CREATION)
			.description("Time taken to open a connection")
			.tags(this.tags)
			.register(registry);
		this.usage = Timer.builder(USAGE)
			.description("Time connections were held, from acquire to release")
			.tags(this.tags)
			.register(registry);
		this.timeouts = Counter.builder(TIMEOUTS)
			.description("Acquisitions that timed out")
			.tags(this.tags)
			.register(registry);
		this.rejected = Counter.builder(REJECTED)
			.description("Acquisitions turned away because too many callers were waiting")
			.tags(this.tags)
			.register(registry);
		this.leaks = Counter.builder(LEAKS)
			.description("Connections held longer than the leak detection threshold")
			.tags(this.tags)
			.register(registry);
		this.openTelemetry = openTelemetryNames ? new OpenTelemetryMeters(registry, poolName) : null;
	}

	@Override
	public void connectionAcquired(long waitNanos) {
		this.acquire.record(waitNanos, TimeUnit.NANOSECONDS);
		if (this.openTelemetry != null) {
			this.openTelemetry.waitTime.record(waitNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void acquireFailed(long waitNanos, Throwable error) {
		connectionAcquired(waitNanos);
		ErrorKind kind = DatabaseError.of(error).kind();
		if (kind == ErrorKind.POOL_EXHAUSTED) {
			this.rejected.increment();
		}
		if (kind == ErrorKind.TIMEOUT) {
			this.timeouts.increment();
			if (this.openTelemetry != null) {
				this.openTelemetry.timeouts.increment();
			}
		}
	}

	@Override
	public void connectionReleased(long usageNanos) {
		this.usage.record(usageNanos, TimeUnit.NANOSECONDS);
		if (this.openTelemetry != null) {
			this.openTelemetry.useTime.record(usageNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void connectionCreated(long creationNanos) {
		this.creation.record(creationNanos, TimeUnit.NANOSECONDS);
		if (this.openTelemetry != null) {
			this.openTelemetry.createTime.record(creationNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void connectionCreationFailed(long creationNanos, Throwable error) {
		DatabaseError classified = DatabaseError.of(error);
		Counter.builder(ERRORS)
			.description("Failures to open a connection")
			.tags(this.tags)
			.tag("sqlstate.class", classified.sqlStateClass())
			.tag("reason", classified.kind().value())
			.register(this.registry)
			.increment();
	}

	@Override
	public void leakSuspected() {
		this.leaks.increment();
	}

	@Override
	public void connectionEvicted(EvictionReason reason) {
		Counter.builder(EVICTED)
			.description("Connections the pool closed: idle overflow, past their lifetime, failed their check, "
					+ "broken in use, undrained after a cancelled read, or retired after named statements met a "
					+ "transaction pooler")
			.tags(this.tags)
			.tag("reason", reason.tagValue())
			.register(this.registry)
			.increment();
	}

	/**
	 * The pool meters under OpenTelemetry semantic-convention names.
	 */
	private static final class OpenTelemetryMeters {

		private final Timer waitTime;

		private final Timer createTime;

		private final Timer useTime;

		private final Counter timeouts;

		OpenTelemetryMeters(MeterRegistry registry, String poolName) {
			Tags tags = Tags.of(PoolGauges.OTEL_POOL_NAME, poolName);
			this.waitTime = Timer.builder(OTEL_WAIT_TIME).tags(tags).publishPercentileHistogram().register(registry);
			this.createTime = Timer.builder(OTEL_CREATE_TIME).tags(tags).register(registry);
			this.useTime = Timer.builder(OTEL_USE_TIME).tags(tags).register(registry);
			this.timeouts = Counter.builder(OTEL_TIMEOUTS).tags(tags).register(registry);
		}

	}

}
