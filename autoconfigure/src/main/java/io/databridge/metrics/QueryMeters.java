package io.databridge.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.databridge.error.DatabaseError;
import io.databridge.query.QueryExecution;
import io.databridge.query.QueryListener;
import io.databridge.query.QueryOperation;
import io.databridge.query.QueryOutcome;
import io.databridge.query.QueryTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records the duration of every statement in timer {@value #QUERY}, tagged {@code pool},
 * {@code operation} (such as {@code SELECT}) and {@code outcome} ({@code success},
 * {@code error} or {@code cancelled}). With OpenTelemetry names on, also in
 * {@value #OTEL_DURATION}, tagged {@code db.system.name}, {@code db.namespace},
 * {@code db.operation.name}, {@code server.address}, {@code server.port} and
 * {@code error.type} (the SQLSTATE or exception type of a failure, empty on success). The
 * SQL text is never a tag.
 *
 * @author Databridge team
 */
public final class QueryMeters implements QueryListener {

	/**
	 * Time from executing a statement until its results have been read.
	 */
	public static final String QUERY = "databridge.query";

	static final String OTEL_DURATION = "db.client.operation.duration";

	private static final QueryOperation[] OPERATIONS = QueryOperation.values();

	private static final QueryOutcome[] OUTCOMES = QueryOutcome.values();

	private final MeterRegistry registry;

	private final boolean openTelemetryNames;

	private final Map<QueryTarget, TargetTimers> targets = new ConcurrentHashMap<>();

	/**
	 * Creates the meters of the statements of every pool whose statements are reported to
	 * it; each execution's {@link QueryExecution#getTarget() target} gives its tags.
	 * @param registry the registry
	 * @param openTelemetryNames whether to record under the OpenTelemetry name too
	 */
	public QueryMeters(MeterRegistry registry, boolean openTelemetryNames) {
		this.registry = registry;
		this.openTelemetryNames = openTelemetryNames;
	}

	@Override
	public void finished(QueryExecution execution) {
		QueryTarget target = execution.getTarget();
		TargetTimers timers = this.targets.get(target);
		if (timers == null) {
			timers = this.targets.computeIfAbsent(target, TargetTimers::new);
		}
		timers.record(execution);
	}

	/**
	 * The timers of one pool's statements, registered on first use.
	 */
	private final class TargetTimers {

		private final Tags tags;

		private final @Nullable Tags openTelemetryTags;

		private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(
				OPERATIONS.length * OUTCOMES.length);

		private final AtomicReferenceArray<Timer> openTelemetrySuccessTimers = new AtomicReferenceArray<>(
				OPERATIONS.length);

		TargetTimers(QueryTarget target) {
			this.tags = Tags.of("pool", target.poolName());
			this.openTelemetryTags = QueryMeters.this.openTelemetryNames
					? Tags.of("db.system.name", "postgresql", "db.namespace", target.database(), "server.address",
							target.serverAddress(), "server.port", String.valueOf(target.serverPort()))
					: null;
		}

		void record(QueryExecution execution) {
			QueryOperation operation = execution.getOperation();
			timer(operation, execution.getOutcome()).record(execution.getDurationNanos(), TimeUnit.NANOSECONDS);
			if (this.openTelemetryTags != null) {
				openTelemetryTimer(operation, execution.getError()).record(execution.getDurationNanos(),
						TimeUnit.NANOSECONDS);
			}
		}

		private Timer timer(QueryOperation operation, QueryOutcome outcome) {
			int index = operation.ordinal() * OUTCOMES.length + outcome.ordinal();
			Timer timer = this.timers.get(index);
			if (timer == null) {
				timer = Timer.builder(QUERY)
					.description("Time from executing a statement until its results were read")
					.tags(this.tags)
					.tag("operation", operation.tagValue())
					.tag("outcome", outcome.name().toLowerCase())
					.register(QueryMeters.this.registry);
				this.timers.set(index, timer);
			}
			return timer;
		}

		private Timer openTelemetryTimer(QueryOperation operation, @Nullable Throwable error) {
			if (error != null) {
				return openTelemetryTimer(operation, DatabaseError.of(error).errorType());
			}
			Timer timer = this.openTelemetrySuccessTimers.get(operation.ordinal());
			if (timer == null) {
				timer = openTelemetryTimer(operation, "");
				this.openTelemetrySuccessTimers.set(operation.ordinal(), timer);
			}
			return timer;
		}

		private Timer openTelemetryTimer(QueryOperation operation, String errorType) {
			return Timer.builder(OTEL_DURATION)
				.description("Duration of database client operations")
				.tags(this.openTelemetryTags)
				.tag("db.operation.name", operation.tagValue())
				.tag("error.type", errorType)
				.register(QueryMeters.this.registry);
		}

	}

}
