package io.databridge.benchmarks;

import java.time.Duration;

/**
 * Formats durations the way the report and the command line spell them.
 *
 * @author Databridge team
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Formats a duration as whole seconds or milliseconds, e.g. {@code 3s} or
	 * {@code 500ms}.
	 * @param duration the duration
	 * @return the text
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
