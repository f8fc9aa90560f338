package io.databridge.observation;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.databridge.error.DatabaseError;
import io.databridge.query.QueryExecution;
import io.databridge.query.QueryOperation;
import io.databridge.query.QueryOutcome;
import io.databridge.query.QueryTarget;
import io.databridge.query.SqlMasker;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link QueryObservationConvention}: observation {@value #NAME}, named for
 * tracing {@code <operation> <database>} (such as {@code SELECT orders}), with the
 * OpenTelemetry database attributes {@code db.system.name}, {@code db.namespace},
 * {@code db.operation.name}, {@code server.address}, {@code server.port}, the pool name
 * and the outcome; on failure {@code error.type} and {@code db.response.status_code} (the
 * SQLSTATE). {@code db.query.text}, the SQL with literals masked, is added only when
 * asked for. Bound parameter values are never recorded.
 *
 * @author Databridge team
 */
public class DefaultQueryObservationConvention implements QueryObservationConvention {

	/**
	 * The observation name.
	 */
	public static final String NAME = "databridge.query";

	private final Map<LowCardinalityKey, KeyValues> lowCardinality = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(QueryObservationContext context) {
		return context.getExecution().getOperation().tagValue() + " " + context.getTarget().database();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(QueryObservationContext context) {
		QueryExecution execution = context.getExecution();
		KeyValues values = this.lowCardinality.computeIfAbsent(
				new LowCardinalityKey(context.getTarget(), execution.getOperation(), execution.getOutcome()),
				DefaultQueryObservationConvention::lowCardinalityKeyValues);
		return withError(values, execution.getError());
	}

	private static KeyValues lowCardinalityKeyValues(LowCardinalityKey key) {
		QueryTarget target = key.target();
		return KeyValues.of(KeyValue.of("db.system.name", "postgresql"), KeyValue.of("db.namespace", target.database()),
				KeyValue.of("db.operation.name", key.operation().tagValue()),
				KeyValue.of("server.address", target.serverAddress()),
				KeyValue.of("server.port", String.valueOf(target.serverPort())),
				KeyValue.of("db.client.connection.pool.name", target.poolName()),
				KeyValue.of("outcome", key.outcome().name().toLowerCase(Locale.ROOT)));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(QueryObservationContext context) {
		if (!context.isIncludeQueryText()) {
			return KeyValues.empty();
		}
		return KeyValues.of("db.query.text", SqlMasker.mask(context.getExecution().getSql()));
	}

	private static KeyValues withError(KeyValues values, @Nullable Throwable error) {
		if (error == null) {
			return values;
		}
		DatabaseError classified = DatabaseError.of(error);
		String sqlState = classified.sqlState();
		KeyValues withType = values.and("error.type", classified.errorType());
		return (sqlState != null) ? withType.and("db.response.status_code", sqlState) : withType;
	}

	/**
	 * What the low-cardinality key values of a statement without an error depend on: a
	 * handful of combinations, built once each rather than for every statement.
	 *
	 * @param target the database
	 * @param operation the statement's operation
	 * @param outcome how it ended
	 */
	private record LowCardinalityKey(QueryTarget target, QueryOperation operation, QueryOutcome outcome) {

	}

}
