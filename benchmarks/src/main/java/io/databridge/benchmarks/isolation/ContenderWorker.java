package io.databridge.benchmarks.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.databridge.benchmarks.MeasurementRecorder;
import io.databridge.benchmarks.contender.Contender;
import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.contender.SpringShape;
import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.server.Dataset;
import io.databridge.benchmarks.workload.ThroughputWorkload;
import io.databridge.benchmarks.workload.Workload;
import org.jspecify.annotations.Nullable;

/**
 * The program of a contender's own JVM: starts one contender on the server named by
 * {@code DATABRIDGE_TEST_URL}, then runs the point-select, insert and (for a contender
 * that runs Spring's R2DBC APIs) Spring-shaped workloads on it as
 * {@link ContenderProcess} asks, one command per line of standard input, answering each
 * on standard output (see {@link WorkerProtocol}). Measurements of a workload are
 * numbered from 1 for their profiles: the benchmark asks for one per round.
 * <p>
 * Arguments: the contender's name, the number of accounts, the most callers, and
 * optionally the profile directory and event.
 *
 * @author Databridge team
 */
public final class ContenderWorker {

	/**
	 * The first argument that tells the benchmark's main class to run a worker, with the
	 * worker's arguments after it.
	 */
	public static final String ARGUMENT = "--contender-worker";

	private final Contender contender;

	private final Map<String, Workload> workloads;

	private final MeasurementRecorder recorder;

	private final PrintStream answers;

	private final Map<String, Integer> rounds = new HashMap<>();

	private ContenderWorker(Contender contender, Map<String, Workload> workloads, MeasurementRecorder recorder,
			PrintStream answers) {
		this.contender = contender;
		this.workloads = workloads;
		this.recorder = recorder;
		this.answers = answers;
	}

	/**
	 * Runs the worker until told to quit or its input ends.
	 * @param args the contender's name, the accounts, the callers, and optionally the
	 * profile directory and event
	 * @throws IOException if standard input cannot be read
	 */
	public static void main(String[] args) throws IOException {
		String name = args[0];
		int accounts = Integer.parseInt(args[1]);
		int callers = Integer.parseInt(args[2]);
		@Nullable Path profile = (args.length > 4) ? Path.of(args[3]) : null;
		String profileEvent = (args.length > 4) ? args[4] : "itimer";
		PrintStream answers = System.out;
		System.setOut(System.err);
		try (BenchmarkServer server = BenchmarkServer.start()) {
			Contender contender = Contenders.start(server, name, callers);
			try {
				Dataset dataset = Dataset.existing(server, accounts);
				List<Contender> only = List.of(contender);
				Map<String, Workload> workloads = new HashMap<>();
				workloads.put("point-select",
						ThroughputWorkload.pointSelect(only, Optional.empty(), false, accounts, dataset::sessions));
				workloads.put("insert", ThroughputWorkload.insert(only, Optional.empty(), false, accounts,
						dataset::truncateHistory, dataset::sessions));
				if (contender.runsSpring()) {
					for (SpringShape shape : SpringShape.values()) {
						workloads.put(shape.workload(), ThroughputWorkload.spring(shape, only, accounts,
								dataset::truncateHistory, dataset::sessions));
					}
				}
				new ContenderWorker(contender, workloads, MeasurementRecorder.into(profile, profileEvent), answers)
					.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
			}
			finally {
				contender.close();
			}
		}
		System.exit(0);
	}

	private void serve(BufferedReader commands) throws IOException {
		answer(WorkerProtocol.READY, this.contender.description());
		String line;
		while ((line = commands.readLine()) != null && !line.equals(WorkerProtocol.QUIT)) {
			try {
				run(line.split(" "));
			}
			catch (RuntimeException ex) {
				ex.printStackTrace(System.err);
				answer(WorkerProtocol.FAILED, ex.toString());
			}
		}
	}

	private void run(String[] command) {
		switch (command[0]) {
			case WorkerProtocol.WARM_UP -> {
				long compiled = warmUp(workload(command[1]), Duration.ofMillis(Long.parseLong(command[2])));
				answer(WorkerProtocol.DONE, Long.toString(compiled));
			}
			case WorkerProtocol.MEASURE -> {
				Workload workload = workload(command[1]);
				Duration duration = Duration.ofMillis(Long.parseLong(command[2]));
				int round = this.rounds.merge(workload.name(), 1, Integer::sum);
				Map<String, Double> measurement = this.recorder.record(workload.name(), this.contender.name(), round,
						() -> workload.measure(this.contender.name(), duration));
				answer(WorkerProtocol.MEASURED, WorkerProtocol.format(measurement));
			}
			case WorkerProtocol.DETAILS -> answer(WorkerProtocol.DETAILS, this.contender.details());
			default -> throw new IllegalArgumentException("Unknown command: " + String.join(" ", command));
		}
	}

	/**
	 * Runs a workload unrecorded and returns how long the just-in-time compiler spent
	 * compiling meanwhile, so that the benchmark can go on warming up until it has caught
	 * up.
	 * @param workload the workload
	 * @param duration how long
	 * @return the compiler's time in milliseconds, or -1 if the JVM does not tell
	 */
	private long warmUp(Workload workload, Duration duration) {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		boolean timed = compiler != null && compiler.isCompilationTimeMonitoringSupported();
		long before = timed ? compiler.getTotalCompilationTime() : 0;
		workload.warmUp(this.contender.name(), duration);
		return timed ? compiler.getTotalCompilationTime() - before : -1;
	}

	private Workload workload(String name) {
		Workload workload = this.workloads.get(name);
		if (workload == null) {
			throw new IllegalArgumentException("No workload named " + name + " runs in a contender's own JVM");
		}
		return workload;
	}

	private void answer(String kind, String payload) {
		this.answers.println(WorkerProtocol.answer(kind, payload));
		this.answers.flush();
	}

}
