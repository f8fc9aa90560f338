package io.databridge.benchmarks.isolation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The lines a contender's worker and the benchmark exchange over the worker's standard
 * input and output. Commands go to the worker one per line; the worker answers each with
 * one line that starts with {@link #PREFIX}; the worker sends everything else it prints
 * (logging) to standard error, and an answer is still found after output the JVM itself
 * wrote to the same line (such as {@code -XX:+PrintCompilation}).
 *
 * @author Databridge team
 */
final class WorkerProtocol {

	/**
	 * Starts every answer, so that answers stand apart from the worker's other output.
	 */
	static final String PREFIX = "@worker ";

	static final String READY = "ready";

	/**
	 * Answers a warm-up, with the milliseconds the worker's compiler spent compiling
	 * meanwhile, or -1 if its JVM does not tell.
	 */
	static final String DONE = "done";

	static final String MEASURED = "measured";

	static final String DETAILS = "details";

	static final String FAILED = "failed";

	static final String WARM_UP = "warm-up";

	static final String MEASURE = "measure";

	static final String QUIT = "quit";

	private WorkerProtocol() {
	}

	/**
	 * Returns the command that runs a workload unrecorded.
	 * @param workload the workload's name
	 * @param duration how long
	 * @return the command line
	 */
	static String warmUp(String workload, Duration duration) {
		return WARM_UP + " " + workload + " " + duration.toMillis();
	}

	/**
	 * Returns the command that measures a workload.
	 * @param workload the workload's name
	 * @param duration how long
	 * @return the command line
	 */
	static String measure(String workload, Duration duration) {
		return MEASURE + " " + workload + " " + duration.toMillis();
	}

	/**
	 * Returns an answer.
	 * @param kind what the answer is
	 * @param payload its text, on one line
	 * @return the answer line
	 */
	static String answer(String kind, String payload) {
		String line = payload.replace('\n', ' ').replace('\r', ' ');
		return PREFIX + kind + (line.isEmpty() ? "" : " " + line);
	}

	/**
	 * Returns the payload of a measurement: every column's key and value.
	 * @param measurement the measurement
	 * @return one line of {@code key=value} pairs
	 */
	static String format(Map<String, Double> measurement) {
		StringBuilder text = new StringBuilder();
		measurement.forEach((key, value) -> text.append((text.length() > 0) ? " " : "")
			.append(key)
			.append('=')
			.append(Double.toString(value)));
		return text.toString();
	}

	/**
	 * Reads a measurement back from its payload.
	 * @param payload what {@link #format(Map)} wrote
	 * @return the measurement, in the same order
	 * @throws IllegalArgumentException if the payload is not a measurement
	 */
	static Map<String, Double> parse(String payload) {
		Map<String, Double> measurement = new LinkedHashMap<>();
		if (payload.isBlank()) {
			return measurement;
		}
		for (String pair : payload.trim().split(" ")) {
			int equals = pair.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("Not a measurement: " + payload);
			}
			try {
				measurement.put(pair.substring(0, equals), Double.valueOf(pair.substring(equals + 1)));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("Not a measurement: " + payload, ex);
			}
		}
		return measurement;
	}

	/**
	 * An answer read from the worker.
	 *
	 * @param kind what the answer is
	 * @param payload its text, empty if none
	 */
	record Answer(String kind, String payload) {

		/**
		 * Reads an answer from a line of the worker's output.
		 * @param line the line
		 * @return the answer, or {@code null} if the line is other output
		 */
		static @Nullable Answer of(String line) {
			int start = line.indexOf(PREFIX);
			if (start < 0) {
				return null;
			}
			String rest = line.substring(start + PREFIX.length());
			int space = rest.indexOf(' ');
			return (space < 0) ? new Answer(rest, "") : new Answer(rest.substring(0, space), rest.substring(space + 1));
		}

	}

}
