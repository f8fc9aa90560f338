package io.databridge.benchmarks.isolation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databridge.benchmarks.workload.Column;
import io.databridge.benchmarks.workload.CompilerSettling;
import io.databridge.benchmarks.workload.Workload;

/**
 * A workload whose contenders each run in their own JVM: the subjects of the workload
 * given (pgbench, which runs in a process of its own anyway) are measured here, and each
 * contender's JVM measures the workload of the same name on its one contender.
 *
 * @author Databridge team
 */
public final class SeparateJvmWorkload implements Workload {

	private static final Duration SETTLING_WINDOW = Duration.ofSeconds(1);

	/**
	 * The share of a window a JVM's compiler may spend compiling for the JVM to count as
	 * warm.
	 */
	private static final double SETTLED_SHARE = 0.02;

	private final Workload local;

	private final Map<String, ContenderProcess> processes = new LinkedHashMap<>();

	/**
	 * Creates the workload.
	 * @param local the workload as it runs in this JVM, for its subjects other than the
	 * contenders
	 * @param processes the contenders' JVMs, measured in this order before the local
	 * subjects
	 */
	public SeparateJvmWorkload(Workload local, List<ContenderProcess> processes) {
		this.local = local;
		processes.forEach((process) -> this.processes.put(process.name(), process));
	}

	@Override
	public String name() {
		return this.local.name();
	}

	@Override
	public String title() {
		return this.local.title();
	}

	@Override
	public String description() {
		return this.local.description() + " Each contender runs in a JVM of its own.";
	}

	@Override
	public List<Column> columns() {
		return this.local.columns();
	}

	@Override
	public List<String> subjects() {
		List<String> subjects = new ArrayList<>(this.processes.keySet());
		subjects.addAll(this.local.subjects());
		return subjects;
	}

	@Override
	public String baseline() {
		return this.local.baseline();
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		ContenderProcess process = this.processes.get(subject);
		return (process != null) ? process.measure(name(), duration) : this.local.measure(subject, duration);
	}

	@Override
	public void warmUp(String subject, Duration duration) {
		ContenderProcess process = this.processes.get(subject);
		if (process != null) {
			process.warmUp(name(), duration);
		}
		else {
			this.local.warmUp(subject, duration);
		}
	}

	@Override
	public boolean measuresInThisJvm(String subject) {
		return !this.processes.containsKey(subject);
	}

	/**
	 * Runs the contenders' JVMs on, a window each in turn as the rounds will, until a
	 * pass in which none spent more than {@link #SETTLED_SHARE} of its window compiling.
	 * A JVM of one contender gets only that contender's warm-up, and while it waits for
	 * the others HotSpot drops the compilations still queued for it; a JVM that went
	 * quiet at the end of its own warm-up was still found compiling for a third of its
	 * CPU time in round 1. Warming up in turn puts the same pauses between windows as
	 * between rounds.
	 */
	@Override
	public String settle(List<String> subjects, Duration limit) {
		List<String> settling = subjects.stream().filter(this.processes::containsKey).toList();
		if (settling.isEmpty()) {
			return "";
		}
		Duration window = (limit.compareTo(SETTLING_WINDOW.multipliedBy(3)) < 0) ? limit.dividedBy(3) : SETTLING_WINDOW;
		return CompilerSettling.settle(settling, window, limit, SETTLED_SHARE,
				(subject) -> this.processes.get(subject).warmUp(name(), window));
	}

	@Override
	public Map<String, String> unavailable() {
		return this.local.unavailable();
	}

}
