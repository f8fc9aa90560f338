package io.databridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.databridge.benchmarks.contender.Contender;
import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.contender.Pgbench;
import io.databridge.benchmarks.contender.R2dbcContender;
import io.databridge.benchmarks.isolation.ContenderProcess;
import io.databridge.benchmarks.isolation.ContenderWorker;
import io.databridge.benchmarks.isolation.SeparateJvmWorkload;
import io.databridge.benchmarks.profile.CpuBreakdown;
import io.databridge.benchmarks.report.MarkdownReport;
import io.databridge.benchmarks.report.Results;
import io.databridge.benchmarks.report.RunInfo;
import io.databridge.benchmarks.report.SvgChart;
import io.databridge.benchmarks.contender.SpringShape;
import io.databridge.benchmarks.http.HttpWorkload;
import io.databridge.benchmarks.http.KeyedReadApplication;
import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.server.Dataset;
import io.databridge.benchmarks.workload.BulkLoadWorkload;
import io.databridge.benchmarks.workload.OversubscribedWorkload;
import io.databridge.benchmarks.workload.RecoveryWorkload;
import io.databridge.benchmarks.workload.ThroughputWorkload;
import io.databridge.benchmarks.workload.Workload;

/**
 * Runs every contender on every workload against one PostgreSQL server, interleaved and
 * repeated, and writes {@code latest.md} and {@code latest.svg}. Exits with status 1 when
 * a measurement could not be taken, so that the quick run fails a build when a contender
 * or workload is broken; slow results never fail it.
 *
 * @author Databridge team
 */
public final class BenchmarkRunner {

	private static final String IN_OWN_JVM = "After point select and insert, in a JVM of its own";

	private static final String IN_THIS_JVM = "After the workloads in the benchmark's JVM";

	private final BenchmarkOptions options;

	private final Results results = new Results();

	private final MeasurementRecorder recorder;

	private int failures;

	private BenchmarkRunner(BenchmarkOptions options) {
		this.options = options;
		this.recorder = MeasurementRecorder.into(options.profile(), options.profileEvent());
	}

	/**
	 * Runs the benchmarks.
	 * @param args the command line, see {@link BenchmarkOptions#USAGE}, or
	 * {@link ContenderWorker#ARGUMENT} and a worker's arguments
	 * @throws IOException if a worker cannot read its commands
	 */
	public static void main(String[] args) throws IOException {
		if (args.length > 0 && args[0].equals(ContenderWorker.ARGUMENT)) {
			ContenderWorker.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals(KeyedReadApplication.ARGUMENT)) {
			KeyedReadApplication.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(BenchmarkOptions.USAGE);
			System.exit(2);
			return;
		}
		int failures = new BenchmarkRunner(options).run();
		System.exit((failures > 0) ? 1 : 0);
	}

	private int run() {
		ZonedDateTime started = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS);
		long start = System.nanoTime();
		log("Starting PostgreSQL (" + this.options.describe() + ")");
		try (BenchmarkServer server = BenchmarkServer.start()) {
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "benchmark-server-shutdown"));
			Map<String, String> serverFacts = server.describe();
			log("PostgreSQL " + serverFacts.get("version") + " on port " + server.port() + "; creating "
					+ String.format(Locale.ROOT, "%,d", this.options.accounts()) + " accounts");
			Dataset dataset = Dataset.create(server, this.options.accounts());
			Optional<Pgbench> pgbench = this.options.runs("pgbench") ? Pgbench.find(server, dataset.accounts())
					: Optional.empty();
			List<String> names = Contenders.selected(this.options::runs);
			Map<String, String> descriptions = new LinkedHashMap<>();
			try {
				runThroughput(server, dataset, pgbench, names, descriptions);
				runInThisJvm(server, dataset, descriptions);
				runHttp(server, dataset, descriptions);
				pgbench.ifPresent((bench) -> descriptions.put("pgbench", bench.version()
						+ ", C and libpq, `-M prepared`, 10 connections, 2 threads, run as a subprocess"));
				RunInfo info = new RunInfo(started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
						(System.nanoTime() - start) / 1e9, this.options.describe(), machineFacts(pgbench), serverFacts,
						descriptions);
				write(info);
			}
			finally {
				if (!server.isEmbedded()) {
					dataset.drop();
				}
			}
		}
		log(String.format(Locale.ROOT, "Done in %.0f s with %d failed measurements", (System.nanoTime() - start) / 1e9,
				this.failures));
		return this.failures;
	}

	/**
	 * Runs point selects and inserts with every contender in a JVM of its own: in one
	 * JVM, the just-in-time compiler profiles the code all contenders share (Reactor,
	 * Netty, r2dbc-postgresql) for all of them at once, and what one contender pays for
	 * another cannot be told from the machine's noise.
	 */
	private void runThroughput(BenchmarkServer server, Dataset dataset, Optional<Pgbench> pgbench, List<String> names,
			Map<String, String> descriptions) {
		boolean pgbenchWanted = this.options.runs("pgbench");
		int accounts = dataset.accounts();
		List<Workload> workloads = new ArrayList<>(
				List.of(ThroughputWorkload.pointSelect(List.of(), pgbench, pgbenchWanted, accounts, dataset::sessions),
						ThroughputWorkload.insert(List.of(), pgbench, pgbenchWanted, accounts, dataset::truncateHistory,
								dataset::sessions)));
		for (SpringShape shape : SpringShape.values()) {
			workloads.add(
					ThroughputWorkload.spring(shape, List.of(), accounts, dataset::truncateHistory, dataset::sessions));
		}
		workloads.removeIf((workload) -> !this.options.includes(workload.name()));
		if (workloads.isEmpty()) {
			return;
		}
		log("Starting a JVM for each of " + String.join(", ", names));
		List<ContenderProcess> processes = new ArrayList<>();
		try {
			for (String name : names) {
				processes.add(ContenderProcess.start(name, server, accounts, OversubscribedWorkload.CALLERS,
						this.options.profile(), this.options.profileEvent()));
			}
			processes.forEach(ContenderProcess::awaitReady);
			for (Workload workload : workloads) {
				boolean springShaped = Stream.of(SpringShape.values())
					.anyMatch((shape) -> shape.workload().equals(workload.name()));
				boolean pointSelect = workload.name().equals(ThroughputWorkload.POINT_SELECT);
				List<ContenderProcess> subjects = processes.stream()
					.filter((process) -> springShaped ? Contenders.runsSpring(process.name())
							: pointSelect || !Contenders.runsOnlyPointSelect(process.name()))
					.toList();
				runWorkload(new SeparateJvmWorkload(workload, subjects));
			}
			for (ContenderProcess process : processes) {
				descriptions.put(process.name(), withDetails(process.description(), IN_OWN_JVM, process.details()));
			}
		}
		finally {
			processes.forEach(ContenderProcess::close);
		}
	}

	/**
	 * Runs the end-to-end workload: each web stack in a JVM of its own, driven by wrk.
	 */
	private void runHttp(BenchmarkServer server, Dataset dataset, Map<String, String> descriptions) {
		if (!this.options.includes(HttpWorkload.NAME)) {
			return;
		}
		Optional<String> wrk = HttpWorkload.findWrk();
		if (wrk.isEmpty()) {
			log("wrk is not installed: skipping " + HttpWorkload.NAME + " (Debian's wrk package provides it)");
			return;
		}
		log("Starting a JVM for each web stack");
		try (HttpWorkload http = HttpWorkload.start(wrk.get(), server, dataset.accounts(), dataset::sessions)) {
			descriptions.putAll(http.descriptions());
			this.failures += http.failedToStart();
			runWorkload(http);
		}
	}

	/**
	 * Runs the bulk load, oversubscribed and recovery workloads with every contender in
	 * this JVM.
	 */
	private void runInThisJvm(BenchmarkServer server, Dataset dataset, Map<String, String> descriptions) {
		if (Stream.of(BulkLoadWorkload.NAME, OversubscribedWorkload.NAME, RecoveryWorkload.NAME)
			.noneMatch(this.options::includes)) {
			return;
		}
		List<Contender> contenders = Contenders.start(server,
				(name) -> this.options.runs(name) && !Contenders.runsOnlyPointSelect(name),
				OversubscribedWorkload.CALLERS);
		try {
			for (Workload workload : workloads(contenders, server, dataset)) {
				runWorkload(workload);
			}
			for (Contender contender : contenders) {
				String details = contender.details();
				descriptions.merge(contender.name(), withDetails(contender.description(), IN_THIS_JVM, details),
						(isolated, here) -> withDetails(isolated, IN_THIS_JVM, details));
			}
		}
		finally {
			contenders.forEach(Contender::close);
		}
	}

	private List<Workload> workloads(List<Contender> contenders, BenchmarkServer server, Dataset dataset) {
		int accounts = dataset.accounts();
		List<Workload> workloads = new ArrayList<>();
		R2dbcContender databridge = (R2dbcContender) contenders.get(0);
		workloads.add(new BulkLoadWorkload(databridge.connectionFactory(), dataset, this.options.bulkRows(),
				this.options.quick()));
		workloads.add(new OversubscribedWorkload(contenders, accounts));
		RecoveryWorkload recovery = new RecoveryWorkload(contenders, server, accounts,
				this.options.quick() ? Duration.ofMillis(200) : Duration.ofSeconds(1));
		if (server.isEmbedded()) {
			workloads.add(recovery);
		}
		else if (this.options.includes(recovery.name())) {
			this.results.register(recovery);
			recovery.subjects()
				.forEach((subject) -> this.results.note(recovery, subject,
						"skipped: DATABRIDGE_TEST_URL names a server this run cannot restart"));
		}
		return workloads.stream().filter((workload) -> this.options.includes(workload.name())).toList();
	}

	private void runWorkload(Workload workload) {
		this.results.register(workload);
		List<String> subjects = new ArrayList<>(workload.subjects());
		long start = System.nanoTime();
		log("== " + workload.title() + ": warming up " + String.join(", ", subjects));
		warmUp(workload, subjects, this.options.warmup(), "warm-up failed");
		String settled = workload.settle(List.copyOf(subjects), this.options.warmup().multipliedBy(2));
		if (!settled.isEmpty()) {
			log("   " + settled);
		}
		for (int round = 0; round < this.options.rounds(); round++) {
			for (int i = 0; i < subjects.size(); i++) {
				String subject = subjects.get((i + round) % subjects.size());
				try {
					Map<String, Double> measurement = measure(workload, subject, round + 1);
					this.results.add(workload, subject, round + 1, measurement);
					log(String.format(Locale.ROOT, "   round %d %-28s %s", round + 1, subject, format(measurement)));
				}
				catch (RuntimeException ex) {
					failed(workload, subject, "round " + (round + 1) + " failed", ex);
				}
			}
		}
		Path profiles = this.options.profile();
		if (profiles != null && workload.columns()
			.stream()
			.anyMatch((column) -> column.key().equals(ThroughputWorkload.CPU_PER_OPERATION))) {
			for (String subject : subjects) {
				CpuBreakdown.read(MeasurementRecorder.collapsedStacks(profiles, workload.name(), subject))
					.ifPresent((breakdown) -> this.results.breakdown(workload, subject, breakdown));
			}
		}
		log(String.format(Locale.ROOT, "   %s took %.1f s", workload.name(), (System.nanoTime() - start) / 1e9));
	}

	private Map<String, Double> measure(Workload workload, String subject, int round) {
		if (!workload.measuresInThisJvm(subject)) {
			return workload.measure(subject, this.options.duration());
		}
		return this.recorder.record(workload.name(), subject, round,
				() -> workload.measure(subject, this.options.duration()));
	}

	/**
	 * Runs every subject once, unrecorded, and drops those that fail.
	 */
	private void warmUp(Workload workload, List<String> subjects, Duration duration, String failure) {
		for (String subject : List.copyOf(subjects)) {
			try {
				workload.warmUp(subject, duration);
			}
			catch (RuntimeException ex) {
				failed(workload, subject, failure, ex);
				subjects.remove(subject);
			}
		}
	}

	private void failed(Workload workload, String subject, String what, RuntimeException ex) {
		this.failures++;
		String message = what + ": " + ex;
		this.results.note(workload, subject, message);
		log("   " + subject + " " + message);
		ex.printStackTrace(System.err);
	}

	private void write(RunInfo info) {
		Path output = this.options.output();
		try {
			Files.createDirectories(output);
			Files.writeString(output.resolve("latest.md"), MarkdownReport.render(info, this.results));
			Files.writeString(output.resolve("latest.svg"), SvgChart.render(this.results));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		log("Wrote " + output.resolve("latest.md") + " and " + output.resolve("latest.svg"));
	}

	private static String withDetails(String description, String when, String details) {
		return details.isEmpty() ? description : description + ". " + when + ": " + details;
	}

	private static Map<String, String> machineFacts(Optional<Pgbench> pgbench) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available");
		facts.put("Load average at the end", String.format(Locale.ROOT, "%.2f",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vendor") + "), max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
				+ " MiB, GC " + String.join(", ",
						ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList()));
		List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
		facts.put("JVM arguments", arguments.isEmpty() ? "none" : String.join(" ", arguments));
		facts.put("pgbench", pgbench.map(Pgbench::version).orElse("not installed"));
		return facts;
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException ex) {
			return "unknown CPU";
		}
	}

	private static String format(Map<String, Double> measurement) {
		StringBuilder text = new StringBuilder();
		measurement.forEach((key, value) -> text.append(key)
			.append('=')
			.append(String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.2f", value))
			.append(' '));
		return text.toString().trim();
	}

	private static void log(String message) {
		System.out.println("[benchmarks] " + message);
	}

}
