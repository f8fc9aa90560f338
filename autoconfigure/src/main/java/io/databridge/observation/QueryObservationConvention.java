package io.databridge.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for statement executions. Define a bean of this type
 * to change the names and key values of Databridge's query observations.
 *
 * @author Databridge team
 */
public interface QueryObservationConvention extends ObservationConvention<QueryObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof QueryObservationContext;
	}

}
