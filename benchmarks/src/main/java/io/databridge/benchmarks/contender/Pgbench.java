package io.databridge.benchmarks.contender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.server.Dataset;
import org.HdrHistogram.Histogram;

/**
 * PostgreSQL's own {@code pgbench} (C, libpq, prepared statements) run as a subprocess
 * against the same server, as the ceiling of what the machine serves. It holds one
 * statement in flight per connection, so it gets as many connections as the pools have. A
 * tenth of its transactions is logged to read their latency percentiles.
 *
 * @author Databridge team
 */
public final class Pgbench {

	private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

	private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

	private final Path executable;

	private final BenchmarkServer server;

	private final Path directory;

	private final int accounts;

	private Pgbench(Path executable, BenchmarkServer server, Path directory, int accounts) {
		this.executable = executable;
		this.server = server;
		this.directory = directory;
		this.accounts = accounts;
	}

	/**
	 * Finds {@code pgbench} on the {@code PATH} or under {@code /usr/lib/postgresql}.
	 * @param server the server
	 * @param accounts the number of accounts the point select draws from
	 * @return pgbench, or empty when it is not installed
	 */
	public static Optional<Pgbench> find(BenchmarkServer server, int accounts) {
		return locate().map((executable) -> {
			try {
				return new Pgbench(executable, server, Files.createTempDirectory("databridge-pgbench"), accounts);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static Optional<Path> locate() {
		List<Path> candidates = new ArrayList<>();
		for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!entry.isEmpty()) {
				candidates.add(Path.of(entry, "pgbench"));
			}
		}
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			versions.sorted(Comparator.reverseOrder())
				.forEach((version) -> candidates.add(version.resolve("bin/pgbench")));
		}
		catch (IOException ex) {
			// No Debian PostgreSQL installation
		}
		return candidates.stream().filter(Files::isExecutable).findFirst();
	}

	/**
	 * Returns the version pgbench reports.
	 * @return e.g. {@code pgbench (PostgreSQL) 15.18}
	 */
	public String version() {
		return run(List.of(this.executable.toString(), "--version")).trim();
	}

	/**
	 * Runs point selects by primary key.
	 * @param clients connections, each with one statement in flight
	 * @param duration how long to run, rounded up to whole seconds
	 * @return the result
	 */
	public Result pointSelect(int clients, Duration duration) {
		return bench("select.sql",
				"\\set aid random(1, " + this.accounts + ")\n" + Dataset.POINT_SELECT.replace("$1", ":aid") + ";\n",
				clients, duration);
	}

	/**
	 * Runs single-row inserts.
	 * @param clients connections, each with one statement in flight
	 * @param duration how long to run, rounded up to whole seconds
	 * @return the result
	 */
	public Result insert(int clients, Duration duration) {
		return bench("insert.sql", "\\set aid random(1, " + this.accounts + ")\n\\set delta random(-5000, 5000)\n"
				+ Dataset.INSERT.replace("$1", ":aid").replace("$2", ":delta") + ";\n", clients, duration);
	}

	private Result bench(String name, String script, int clients, Duration duration) {
		try {
			Path file = this.directory.resolve(name);
			Files.writeString(file, script);
			Path logs = Files.createTempDirectory(this.directory, "log");
			long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
			List<String> command = List.of(this.executable.toString(), "-n", "-M", "prepared", "-c",
					String.valueOf(clients), "-j", "2", "-T", String.valueOf(seconds), "-f", file.toString(), "-l",
					"--sampling-rate=0.1", "--log-prefix=" + logs.resolve("tx"), "-h", this.server.host(), "-p",
					String.valueOf(this.server.port()), "-U", this.server.username(), this.server.database());
			String output = run(command);
			Matcher tps = TPS.matcher(output);
			if (!tps.find()) {
				throw new IllegalStateException("pgbench printed no tps:\n" + output);
			}
			Matcher failed = FAILED.matcher(output);
			long failures = failed.find() ? Long.parseLong(failed.group(1)) : 0;
			return new Result(Double.parseDouble(tps.group(1)), latencies(logs), failures);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Histogram latencies(Path logs) throws IOException {
		Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
		try (Stream<Path> files = Files.list(logs)) {
			for (Path file : files.toList()) {
				for (String line : Files.readAllLines(file)) {
					String[] fields = line.split(" ");
					if (fields.length > 2) {
						histogram.recordValue(
								Math.min(Long.parseLong(fields[2]) * 1000, histogram.getHighestTrackableValue()));
					}
				}
				Files.delete(file);
			}
		}
		return histogram;
	}

	private String run(List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.directory(this.directory.toFile());
		if (this.server.password() != null) {
			builder.environment().put("PGPASSWORD", this.server.password());
		}
		builder.environment().put("PGAPPNAME", "pgbench");
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException("pgbench failed:\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted running pgbench", ex);
		}
	}

	/**
	 * What one pgbench run measured.
	 *
	 * @param tps transactions (statements) per second
	 * @param latencies latencies of the sampled transactions, in nanoseconds
	 * @param failures failed transactions
	 */
	public record Result(double tps, Histogram latencies, long failures) {

	}

}
