package io.databridge.benchmarks.workload;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Something measured for each of its subjects (contenders, or ways to load data), once
 * per round.
 *
 * @author Databridge team
 */
public interface Workload {

	/**
	 * Returns the name used with {@code --workloads}.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the section title of the report.
	 * @return the title
	 */
	String title();

	/**
	 * Returns what is measured and how, for the report.
	 * @return Markdown text
	 */
	String description();

	/**
	 * Returns the numbers each measurement has, the headline first.
	 * @return the columns
	 */
	List<Column> columns();

	/**
	 * Returns what is measured, in a fixed order that rounds rotate.
	 * @return the subjects' names
	 */
	List<String> subjects();

	/**
	 * Returns the subject the ratios compare to.
	 * @return one of the subjects
	 */
	String baseline();

	/**
	 * Measures one subject once.
	 * @param subject the subject
	 * @param duration how long to measure, where the workload is timed
	 * @return a value for each column key
	 */
	Map<String, Double> measure(String subject, Duration duration);

	/**
	 * Runs a subject without recording it, before the first round.
	 * @param subject the subject
	 * @param duration how long to run
	 */
	default void warmUp(String subject, Duration duration) {
		measure(subject, duration);
	}

	/**
	 * Returns whether a subject is measured in this JVM, and so whether a profile of this
	 * JVM shows it; a subject measured in a JVM of its own is profiled there.
	 * @param subject the subject
	 * @return whether this JVM runs the subject's measurements
	 */
	default boolean measuresInThisJvm(String subject) {
		return true;
	}

	/**
	 * Runs the subjects on after their warm-up, in turn as the rounds will, for as long
	 * as they still need to warm up, at most the given time each.
	 * @param subjects the subjects, in the order of the first round
	 * @param limit the longest each may run on
	 * @return what was done, for the log, or an empty string if nothing
	 */
	default String settle(List<String> subjects, Duration limit) {
		return "";
	}

	/**
	 * Returns subjects that could not be measured, with the reason.
	 * @return reasons by subject
	 */
	default Map<String, String> unavailable() {
		return Map.of();
	}

}
