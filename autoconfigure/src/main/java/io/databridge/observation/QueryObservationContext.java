package io.databridge.observation;

import io.databridge.query.QueryExecution;
import io.databridge.query.QueryTarget;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one statement execution.
 * <p>
 * An observation adds its convention's low-cardinality key values when it starts and
 * again when it stops. For a statement that succeeds, the default convention returns the
 * same cached {@link KeyValues} both times; this context then keeps the values it already
 * holds instead of putting each one into its map again. Any other change to the
 * low-cardinality key values in between (a single value added or removed, by a handler, a
 * filter or the application) makes the next set count in full.
 *
 * @author Databridge team
 */
public final class QueryObservationContext extends Observation.Context {

	private final QueryExecution execution;

	private final QueryTarget target;

	private final boolean includeQueryText;

	private volatile @Nullable KeyValues lastAdded;

	/**
	 * Creates a context.
	 * @param execution the execution observed
	 * @param target the database it runs against
	 * @param includeQueryText whether the SQL text, literals masked, may be recorded
	 */
	public QueryObservationContext(QueryExecution execution, QueryTarget target, boolean includeQueryText) {
		this.execution = execution;
		this.target = target;
		this.includeQueryText = includeQueryText;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		if (keyValues == this.lastAdded) {
			return this;
		}
		super.addLowCardinalityKeyValues(keyValues);
		this.lastAdded = keyValues;
		return this;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.lastAdded = null;
		return super.addLowCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String keyName) {
		this.lastAdded = null;
		return super.removeLowCardinalityKeyValue(keyName);
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
		this.lastAdded = null;
		return super.removeLowCardinalityKeyValues(keyNames);
	}

	/**
	 * Returns the execution observed; its outcome and duration are set once it ends.
	 * @return the execution
	 */
	public QueryExecution getExecution() {
		return this.execution;
	}

	/**
	 * Returns the database the statement runs against.
	 * @return the target
	 */
	public QueryTarget getTarget() {
		return this.target;
	}

	/**
	 * Returns whether the SQL text, literals masked, may be recorded.
	 * @return whether to include the query text
	 */
	public boolean isIncludeQueryText() {
		return this.includeQueryText;
	}

}
