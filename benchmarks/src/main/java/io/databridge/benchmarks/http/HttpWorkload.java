package io.databridge.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.databridge.benchmarks.contender.Contenders;
import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.workload.Column;
import io.databridge.benchmarks.workload.CompilerSettling;
import io.databridge.benchmarks.workload.ThroughputWorkload;
import io.databridge.benchmarks.workload.Workload;

/**
 * End to end: {@code GET /accounts/{aid}} with a random {@code aid}, served by each
 * {@link HttpStack web stack} in a JVM of its own and driven by {@code wrk} with
 * {@link #CONNECTIONS} connections on two threads. Requests per second, wrk's latency
 * percentiles, failed requests (non-2xx answers and socket errors) and the server
 * connections opened per 1,000 requests, and the CPU time the application's process used
 * per request: on a machine whose few cores the load tool, the application and PostgreSQL
 * share, it tells a stack's own cost apart from the machine's drift.
 *
 * @author Databridge team
 */
public final class HttpWorkload implements Workload, AutoCloseable {

	/**
	 * The workload's name.
	 */
	public static final String NAME = "http";

	/**
	 * HTTP connections wrk keeps open.
	 */
	public static final int CONNECTIONS = 64;

	/**
	 * Key of the time the stack's just-in-time compiler spent compiling during a
	 * measurement, in milliseconds.
	 */
	private static final String COMPILING = "compiling";

	private static final List<Column> COLUMNS = List.of(new Column("ops", "requests/s", true, true, 0),
			new Column("p50", "p50 ms", false, false, 2), new Column("p99", "p99 ms", false, true, 2),
			new Column("max", "max ms", false, false, 1),
			new Column(ThroughputWorkload.CPU_PER_OPERATION, "app CPU µs/request", false, true, 1),
			new Column(COMPILING, "JIT ms", false, false, 0), new Column("errors", "failed requests", false, false, 0),
			new Column(ThroughputWorkload.CONNECTIONS_OPENED, "server conns/1k requests", false, false, 2));

	/**
	 * How long each stack is driven at a time while the stacks settle.
	 */
	private static final Duration SETTLING_WINDOW = Duration.ofSeconds(4);

	/**
	 * The share of a window a stack's compiler may spend compiling for the stack to count
	 * as settled.
	 */
	private static final double SETTLED_SHARE = 0.05;

	private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private static final Pattern LATENCY_MAX = Pattern.compile("^\\s+Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+)(us|ms|s)\\s",
			Pattern.MULTILINE);

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

	private final String wrk;

	private final Path script;

	private final LongSupplier sessions;

	private final Map<String, HttpServerProcess> servers;

	private final Map<String, String> unavailable;

	private final int failedToStart;

	private HttpWorkload(String wrk, Path script, LongSupplier sessions, Map<String, HttpServerProcess> servers,
			Map<String, String> unavailable, int failedToStart) {
		this.wrk = wrk;
		this.failedToStart = failedToStart;
		this.script = script;
		this.sessions = sessions;
		this.servers = servers;
		this.unavailable = unavailable;
	}

	/**
	 * Finds {@code wrk} on the {@code PATH}.
	 * @return its path, or empty when it is not installed
	 */
	public static Optional<String> findWrk() {
		String path = System.getenv("PATH");
		for (String directory : (path != null) ? path.split(":") : new String[0]) {
			Path candidate = Path.of(directory, "wrk");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate.toString());
			}
		}
		return Optional.empty();
	}

	/**
	 * Starts every stack that can run here, one after the other.
	 * @param wrk the {@code wrk} executable
	 * @param server the server
	 * @param accounts the number of accounts ids are drawn from
	 * @param sessions reads the server's count of connections ever opened
	 * @return the workload, owning the stacks' processes
	 */
	public static HttpWorkload start(String wrk, BenchmarkServer server, int accounts, LongSupplier sessions) {
		Map<String, HttpServerProcess> servers = new LinkedHashMap<>();
		Map<String, String> unavailable = new LinkedHashMap<>();
		int failed = 0;
		for (HttpStack stack : HttpStack.values()) {
			Optional<String> java = HttpServerProcess.javaFor(stack);
			if (java.isEmpty()) {
				unavailable.put(stack.subject(), "needs Java 21 or newer (set DATABRIDGE_JAVA21_HOME)");
				continue;
			}
			try {
				servers.put(stack.subject(), HttpServerProcess.start(stack, java.get(), server));
			}
			catch (RuntimeException ex) {
				unavailable.put(stack.subject(), "did not start: " + ex.getMessage());
				failed++;
			}
		}
		return new HttpWorkload(wrk, script(accounts), sessions, servers, unavailable, failed);
	}

	/**
	 * Returns how many stacks failed to start, which the run counts as failures.
	 * @return the number of stacks that did not start
	 */
	public int failedToStart() {
		return this.failedToStart;
	}

	private static Path script(int accounts) {
		try {
			Path script = Files.createTempFile("databridge-wrk", ".lua");
			script.toFile().deleteOnExit();
			Files.writeString(script, String.join("\n", "request = function()",
					"  return wrk.format(\"GET\", \"/accounts/\" .. math.random(1, " + accounts + "))", "end", ""),
					StandardCharsets.UTF_8);
			return script;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Describes each running stack and the Java it runs on.
	 * @return the descriptions by subject
	 */
	public Map<String, String> descriptions() {
		Map<String, String> descriptions = new LinkedHashMap<>();
		this.servers.forEach((subject, server) -> descriptions.put(subject, HttpStack.of(subject).description()
				+ ", pool of " + Contenders.POOL_SIZE + ", on " + server.javaVersion() + ", in a JVM of its own"));
		return descriptions;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "End to end over HTTP";
	}

	@Override
	public String description() {
		return "`GET /accounts/{aid}` answering one balance read by primary key, random `aid`, served by each web "
				+ "stack in a JVM of its own with a pool of " + Contenders.POOL_SIZE
				+ " connections, driven by `wrk -t2 -c" + CONNECTIONS + " --latency` on the same machine.";
	}

	@Override
	public List<Column> columns() {
		return COLUMNS;
	}

	@Override
	public List<String> subjects() {
		return new ArrayList<>(this.servers.keySet());
	}

	@Override
	public String baseline() {
		return HttpStack.WEBFLUX_DATABRIDGE.subject();
	}

	@Override
	public boolean measuresInThisJvm(String subject) {
		return false;
	}

	@Override
	public Map<String, String> unavailable() {
		return this.unavailable;
	}

	/**
	 * Warms a stack up for six times the warm-up: a web application's request path takes
	 * far longer for the just-in-time compiler to settle than a pool's.
	 */
	@Override
	public void warmUp(String subject, Duration duration) {
		measure(subject, duration.multipliedBy(6));
	}

	/**
	 * Runs the stacks on, {@link #SETTLING_WINDOW} each in turn as the rounds will, until
	 * a pass in which no stack's just-in-time compiler spent more than
	 * {@link #SETTLED_SHARE} of its window compiling, or each has run for twelve times
	 * the limit: a web application's request path goes on compiling for far longer than a
	 * pool's. Measured on two cores, a WebFlux application on Databridge was still
	 * compiling after 30 seconds of load, at several times the CPU time per request it
	 * used once settled; settled, the stacks' CPU time per request was level.
	 */
	@Override
	public String settle(List<String> subjects, Duration limit) {
		return CompilerSettling.settle(subjects, SETTLING_WINDOW, limit.multipliedBy(12), SETTLED_SHARE,
				(subject) -> Math.round(measure(subject, SETTLING_WINDOW).getOrDefault(COMPILING, -1.0)));
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		HttpServerProcess server = this.servers.get(subject);
		if (server == null) {
			throw new IllegalArgumentException("No web stack " + subject + " is running");
		}
		long sessionsBefore = this.sessions.getAsLong();
		long cpuBefore = server.cpuNanos();
		long compiledBefore = server.compilationMillis();
		String output = runWrk(server.baseUrl(), duration);
		long cpuAfter = server.cpuNanos();
		long compiledAfter = server.compilationMillis();
		Map<String, Double> measurement = parse(output);
		long opened = Math.max(0, this.sessions.getAsLong() - sessionsBefore - 1);
		long requests = Math.round(measurement.getOrDefault("requests", 0.0));
		measurement.remove("requests");
		if (compiledBefore >= 0 && compiledAfter >= compiledBefore) {
			measurement.put(COMPILING, (double) (compiledAfter - compiledBefore));
		}
		if (cpuBefore >= 0 && cpuAfter >= cpuBefore) {
			measurement.put(ThroughputWorkload.CPU_PER_OPERATION,
					(cpuAfter - cpuBefore) / 1000.0 / Math.max(1, requests));
		}
		measurement.put(ThroughputWorkload.CONNECTIONS_OPENED, opened * 1000.0 / Math.max(1, requests));
		return measurement;
	}

	private String runWrk(String baseUrl, Duration duration) {
		long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
		List<String> command = List.of(this.wrk, "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency", "-s",
				this.script.toString(), baseUrl + "/");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int exit = process.waitFor();
			if (exit != 0) {
				throw new IllegalStateException("wrk exited with " + exit + ": " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run wrk", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while wrk ran", ex);
		}
	}

	/**
	 * Reads wrk's report.
	 * @param output what wrk printed
	 * @return requests per second, p50, p99 and max latency in milliseconds, failed
	 * requests and the number of requests
	 */
	static Map<String, Double> parse(String output) {
		Map<String, Double> measurement = new LinkedHashMap<>();
		measurement.put("ops", number(REQUESTS_PER_SECOND, output, 1));
		Matcher percentiles = PERCENTILE.matcher(output);
		while (percentiles.find()) {
			measurement.put("p" + percentiles.group(1), millis(percentiles.group(2), percentiles.group(3)));
		}
		Matcher max = LATENCY_MAX.matcher(output);
		if (max.find()) {
			measurement.put("max", millis(max.group(1), max.group(2)));
		}
		double failed = optional(NON_2XX, output);
		Matcher socket = SOCKET_ERRORS.matcher(output);
		if (socket.find()) {
			for (int group = 1; group <= 4; group++) {
				failed += Double.parseDouble(socket.group(group));
			}
		}
		measurement.put("errors", failed);
		measurement.put("requests", number(REQUESTS, output, 1));
		return measurement;
	}

	private static double number(Pattern pattern, String output, int group) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected wrk output (no " + pattern + "): " + output);
		}
		return Double.parseDouble(matcher.group(group));
	}

	private static double optional(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private static double millis(String value, String unit) {
		double number = Double.parseDouble(value);
		return switch (unit.toLowerCase(Locale.ROOT)) {
			case "us" -> number / 1000;
			case "s" -> number * 1000;
			default -> number;
		};
	}

	@Override
	public void close() {
		this.servers.values().forEach(HttpServerProcess::close);
	}

}
