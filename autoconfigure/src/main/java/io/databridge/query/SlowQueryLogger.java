package io.databridge.query;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs, once at WARN, each execution that took at least the threshold, with its duration
 * and its SQL with literal values masked, after the name of the pool it ran on. Bound
 * parameter values are never logged.
 *
 * @author Databridge team
 */
public final class SlowQueryLogger implements QueryListener {

	private static final int MAX_SQL_LENGTH = 2000;

	private final Log logger;

	private final long thresholdNanos;

	/**
	 * Creates a logger.
	 * @param threshold the duration from which an execution is logged
	 */
	public SlowQueryLogger(Duration threshold) {
		this(threshold, LogFactory.getLog(SlowQueryLogger.class));
	}

	SlowQueryLogger(Duration threshold, Log logger) {
		this.thresholdNanos = threshold.toNanos();
		this.logger = logger;
	}

	@Override
	public void finished(QueryExecution execution) {
		if (execution.getDurationNanos() >= this.thresholdNanos && this.logger.isWarnEnabled()) {
			this.logger.warn(describe(execution));
		}
	}

	private String describe(QueryExecution execution) {
		return "[" + execution.getTarget().poolName() + "] Slow query: " + millis(execution.getDurationNanos())
				+ " ms (threshold " + millis(this.thresholdNanos) + " ms, "
				+ execution.getOutcome().name().toLowerCase() + "): "
				+ SqlMasker.abbreviate(SqlMasker.mask(execution.getSql()), MAX_SQL_LENGTH);
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
