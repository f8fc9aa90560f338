package io.databridge.benchmarks.report;

import java.util.Map;

/**
 * What the report says about the run itself: when, how, on what.
 *
 * @param date when the run started, ISO-8601
 * @param elapsedSeconds how long the run took
 * @param options the options, described
 * @param machine facts about the machine and the JVM
 * @param server the PostgreSQL version and settings
 * @param contenders what each contender is, by name
 * @author Databridge team
 */
public record RunInfo(String date, double elapsedSeconds, String options, Map<String, String> machine,
		Map<String, String> server, Map<String, String> contenders) {

}
