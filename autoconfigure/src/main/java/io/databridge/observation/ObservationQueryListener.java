package io.databridge.observation;

import io.databridge.query.QueryExecution;
import io.databridge.query.QueryListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Starts an {@link Observation} when a statement executes and stops it when its results
 * have been read. The parent is the observation in the subscriber's Reactor context, or
 * else the registry's current one, so the statement's span nests under the request that
 * ran it.
 *
 * @author Databridge team
 */
public final class ObservationQueryListener implements QueryListener {

	private static final QueryObservationConvention DEFAULT_CONVENTION = new DefaultQueryObservationConvention();

	private static final Object OBSERVATION = new Object();

	/**
	 * The key under which Micrometer's context propagation keeps the current observation
	 * in a Reactor context ({@code ObservationThreadLocalAccessor.KEY}).
	 */
	private static final String CONTEXT_KEY = "micrometer.observation";

	private final ObservationRegistry registry;

	private final boolean includeQueryText;

	private final @Nullable QueryObservationConvention convention;

	/**
	 * Creates a listener.
	 * @param registry the registry that receives the observations
	 * @param includeQueryText whether the SQL text, literals masked, is recorded
	 * @param convention a convention that replaces the default, or {@code null}
	 */
	public ObservationQueryListener(ObservationRegistry registry, boolean includeQueryText,
			@Nullable QueryObservationConvention convention) {
		this.registry = registry;
		this.includeQueryText = includeQueryText;
		this.convention = convention;
	}

	@Override
	public void started(QueryExecution execution) {
		QueryObservationContext context = new QueryObservationContext(execution, execution.getTarget(),
				this.includeQueryText);
		Observation observation = Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context,
				this.registry);
		Observation parent = execution.getContext().getOrDefault(CONTEXT_KEY, null);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		execution.setAttribute(OBSERVATION, observation.start());
	}

	@Override
	public void finished(QueryExecution execution) {
		if (execution.getAttribute(OBSERVATION) instanceof Observation observation) {
			if (execution.getError() != null) {
				observation.error(execution.getError());
			}
			observation.stop();
		}
	}

}
