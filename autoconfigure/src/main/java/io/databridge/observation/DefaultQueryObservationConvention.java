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

	private final Map<QueryTarget, TargetNames> names = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(QueryObservationContext context) {
		return namesOf(context.getTarget()).contextualName(context.getExecution().getOperation());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(QueryObservationContext context) {
		QueryExecution execution = context.getExecution();
		KeyValues values = namesOf(context.getTarget()).lowCardinality(execution.getOperation(),
				execution.getOutcome());
		return withError(values, execution.getError());
	}

	private TargetNames namesOf(QueryTarget target) {
		TargetNames names = this.names.get(target);
		return (names != null) ? names : this.names.computeIfAbsent(target, TargetNames::new);
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
	 * The names of one database's statements: a handful of combinations of operation and
	 * outcome, built once each rather than for every statement.
	 */
	private static final class TargetNames {

		private final String[] contextualNames;

		private final KeyValues[][] lowCardinality;

		TargetNames(QueryTarget target) {
			QueryOperation[] operations = QueryOperation.values();
			QueryOutcome[] outcomes = QueryOutcome.values();
			this.contextualNames = new String[operations.length];
			this.lowCardinality = new KeyValues[operations.length][outcomes.length];
			for (QueryOperation operation : operations) {
				this.contextualNames[operation.ordinal()] = operation.tagValue() + " " + target.database();
				for (QueryOutcome outcome : outcomes) {
					this.lowCardinality[operation.ordinal()][outcome.ordinal()] = lowCardinalityKeyValues(target,
							operation, outcome);
				}
			}
		}

		String contextualName(QueryOperation operation) {
			return this.contextualNames[operation.ordinal()];
		}

		KeyValues lowCardinality(QueryOperation operation, QueryOutcome outcome) {
			return this.lowCardinality[operation.ordinal()][outcome.ordinal()];
		}

		private static KeyValues lowCardinalityKeyValues(QueryTarget target, QueryOperation operation,
				QueryOutcome outcome) {
			return KeyValues.of(KeyValue.of("db.system.name", "postgresql"),
					KeyValue.of("db.namespace", target.database()),
					KeyValue.of("db.operation.name", operation.tagValue()),
					KeyValue.of("server.address", target.serverAddress()),
					KeyValue.of("server.port", String.valueOf(target.serverPort())),
					KeyValue.of("db.client.connection.pool.name", target.poolName()),
					KeyValue.of("outcome", outcome.name().toLowerCase(Locale.ROOT)));
		}

	}

}
