package io.databridge.observation;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Claims query observations for the meter handlers so that Micrometer's default handler
 * does not record a second timer for every statement: Databridge records its query timer
 * itself (see {@code io.databridge.metrics.QueryMeters}), whether observations are on or
 * off. Records nothing.
 *
 * @author Databridge team
 */
public final class QueryMeterObservationHandler implements MeterObservationHandler<QueryObservationContext> {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof QueryObservationContext;
	}

}
