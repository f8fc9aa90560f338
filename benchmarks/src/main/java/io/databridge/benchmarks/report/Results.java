package io.databridge.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databridge.benchmarks.profile.CpuBreakdown;
import io.databridge.benchmarks.workload.Workload;

/**
 * Every measurement of a run, by workload and subject, in the order they were taken, and
 * notes on subjects that could not be measured.
 *
 * @author Databridge team
 */
public final class Results {

	private final Map<String, Workload> workloads = new LinkedHashMap<>();

	private final Map<String, Map<String, Map<Integer, Map<String, Double>>>> measurements = new LinkedHashMap<>();

	private final Map<String, Map<String, String>> notes = new LinkedHashMap<>();

	private final Map<String, Map<String, CpuBreakdown>> breakdowns = new LinkedHashMap<>();

	/**
	 * Registers a workload, so that it is reported even if nothing in it succeeded.
	 * @param workload the workload
	 */
	public void register(Workload workload) {
		this.workloads.put(workload.name(), workload);
		Map<String, Map<Integer, Map<String, Double>>> bySubject = this.measurements.computeIfAbsent(workload.name(),
				(name) -> new LinkedHashMap<>());
		workload.subjects().forEach((subject) -> bySubject.computeIfAbsent(subject, (name) -> new LinkedHashMap<>()));
		workload.unavailable().forEach((subject, reason) -> note(workload, subject, reason));
	}

	/**
	 * Records one measurement.
	 * @param workload the workload
	 * @param subject the subject
	 * @param round the round it was taken in, from 1
	 * @param measurement its values
	 */
	public void add(Workload workload, String subject, int round, Map<String, Double> measurement) {
		this.measurements.get(workload.name()).get(subject).put(round, measurement);
	}

	/**
	 * Records why a subject has no (or fewer) measurements.
	 * @param workload the workload
	 * @param subject the subject
	 * @param note the reason
	 */
	public void note(Workload workload, String subject, String note) {
		this.notes.computeIfAbsent(workload.name(), (name) -> new LinkedHashMap<>())
			.merge(subject, note, (first, second) -> first.equals(second) ? first : first + "; " + second);
	}

	/**
	 * Records where a profiled subject's CPU time went.
	 * @param workload the workload
	 * @param subject the subject
	 * @param breakdown its profile, by layer
	 */
	public void breakdown(Workload workload, String subject, CpuBreakdown breakdown) {
		this.breakdowns.computeIfAbsent(workload.name(), (name) -> new LinkedHashMap<>()).put(subject, breakdown);
	}

	/**
	 * Returns where the profiled subjects' CPU time went in a workload.
	 * @param workload the workload's name
	 * @return the breakdown of each profiled subject, in the order they were recorded
	 */
	public Map<String, CpuBreakdown> breakdowns(String workload) {
		return this.breakdowns.getOrDefault(workload, Map.of());
	}

	/**
	 * Returns the workloads in the order they ran.
	 * @return the workloads
	 */
	public List<Workload> workloads() {
		return List.copyOf(this.workloads.values());
	}

	/**
	 * Returns the subjects of a workload, with measurements or notes.
	 * @param workload the workload's name
	 * @return the subjects
	 */
	public List<String> subjects(String workload) {
		List<String> subjects = new ArrayList<>(this.measurements.getOrDefault(workload, Map.of()).keySet());
		this.notes.getOrDefault(workload, Map.of())
			.keySet()
			.stream()
			.filter((s) -> !subjects.contains(s))
			.forEach(subjects::add);
		return subjects;
	}

	/**
	 * Summarizes one number of one subject across rounds.
	 * @param workload the workload's name
	 * @param subject the subject
	 * @param key the number's key
	 * @return the summary, empty when there was no measurement
	 */
	public Summary summary(String workload, String subject, String key) {
		List<Double> values = byRound(workload, subject).values()
			.stream()
			.map((measurement) -> measurement.getOrDefault(key, Double.NaN))
			.toList();
		return Summary.of(values);
	}

	/**
	 * Divides one number of a subject by the same number of another subject, round by
	 * round. Rounds run every subject once, close together in time, so a ratio within a
	 * round is spared most of the drift of a shared machine between rounds.
	 * @param workload the workload's name
	 * @param subject the subject to divide
	 * @param other the subject to divide by
	 * @param key the number's key
	 * @return the ratios of the rounds that measured both subjects, in round order
	 */
	public List<Double> ratiosByRound(String workload, String subject, String other, String key) {
		Map<Integer, Map<String, Double>> others = byRound(workload, other);
		List<Double> ratios = new ArrayList<>();
		byRound(workload, subject).forEach((round, measurement) -> {
			Map<String, Double> otherMeasurement = others.get(round);
			if (otherMeasurement != null) {
				ratios.add(measurement.getOrDefault(key, Double.NaN) / otherMeasurement.getOrDefault(key, Double.NaN));
			}
		});
		return ratios;
	}

	/**
	 * Returns the number of measurements of a subject.
	 * @param workload the workload's name
	 * @param subject the subject
	 * @return the rounds measured
	 */
	public int rounds(String workload, String subject) {
		return byRound(workload, subject).size();
	}

	private Map<Integer, Map<String, Double>> byRound(String workload, String subject) {
		return this.measurements.getOrDefault(workload, Map.of()).getOrDefault(subject, Map.of());
	}

	/**
	 * Returns the note on a subject.
	 * @param workload the workload's name
	 * @param subject the subject
	 * @return the note, or an empty string
	 */
	public String note(String workload, String subject) {
		return this.notes.getOrDefault(workload, Map.of()).getOrDefault(subject, "");
	}

}
