package io.databridge.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The command-line options of a benchmark run. {@code --quick} changes the defaults to a
 * run of seconds (tiny tables, one round, short measurements) that checks every path
 * without measuring anything worth comparing.
 *
 * @param quick whether this is a smoke run
 * @param rounds how many times each contender runs each workload
 * @param duration how long one measurement lasts
 * @param warmup how long each contender runs each workload before the first round
 * @param accounts rows in {@code pgbench_accounts} (100,000 per pgbench scale unit)
 * @param bulkRows rows written by each bulk load
 * @param only the contenders to run, empty for all
 * @param workloads the workloads to run, empty for all
 * @param output the directory the report and chart are written to
 * @param profile the directory a profile of every measurement is written to, or
 * {@code null} to profile none
 * @param profileEvent what the profiles sample (an async-profiler event)
 * @author Databridge team
 */
public record BenchmarkOptions(boolean quick, int rounds, Duration duration, Duration warmup, int accounts,
		int bulkRows, List<String> only, List<String> workloads, Path output, @Nullable Path profile,
		String profileEvent) {

	static final String USAGE = """
			Usage: java -jar benchmarks/target/databridge-benchmarks.jar [options]
			  --quick                 a smoke run of seconds: small tables, 1 round, short measurements
			  --rounds N              rounds after warm-up, every contender once per round (default 5)
			  --duration D            length of one measurement, e.g. 3s or 500ms (default 3s)
			  --warmup D              warm-up per contender and workload (default 5s)
			  --accounts N            rows in pgbench_accounts (default 1000000, pgbench scale 10)
			  --bulk-rows N           rows per bulk load (default 1000000)
			  --only a,b              contenders to run (databridge is always included as the baseline)
			  --workloads a,b         point-select, insert, one, first, spring-data, transaction,
			                          bulk-load, oversubscribed, recovery, http
			  --output DIR            where latest.md and latest.svg go (default benchmarks/results)
			  --profile DIR           profile every measurement into DIR/<workload>/<contender>-<round>.html
			  --profile-event E       what to sample: itimer (CPU time, default), cpu, wall, alloc, lock
			Set DATABRIDGE_TEST_URL to use an existing server instead of an embedded one.""";

	/**
	 * Parses the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException if an argument is unknown or malformed
	 */
	public static BenchmarkOptions parse(String... args) {
		boolean quick = Arrays.asList(args).contains("--quick");
		Builder builder = new Builder(quick);
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--quick")) {
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Unknown option or missing value: " + name);
			}
			builder.set(name, args[++i]);
		}
		return builder.build();
	}

	/**
	 * Returns whether a contender was selected with {@code --only}.
	 * @param name the contender's name
	 * @return whether it runs
	 */
	public boolean runs(String name) {
		return this.only.isEmpty() || this.only.contains(name);
	}

	/**
	 * Returns whether a workload was selected with {@code --workloads}.
	 * @param name the workload's name
	 * @return whether it runs
	 */
	public boolean includes(String name) {
		return this.workloads.isEmpty() || this.workloads.contains(name);
	}

	/**
	 * Returns the summary of the options the report shows.
	 * @return a one-line description
	 */
	public String describe() {
		return (this.quick ? "--quick, " : "") + this.rounds + " rounds of " + Durations.format(this.duration)
				+ " after " + Durations.format(this.warmup) + " warm-up; "
				+ String.format(Locale.ROOT, "%,d", this.accounts) + " accounts; "
				+ String.format(Locale.ROOT, "%,d", this.bulkRows) + " rows per bulk load";
	}

	static Duration parseDuration(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		if (value.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
		}
		if (value.endsWith("s")) {
			return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
		}
		if (value.endsWith("m")) {
			return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
		}
		throw new IllegalArgumentException("Not a duration (use e.g. 3s or 500ms): " + text);
	}

	private static List<String> parseList(String text) {
		return Arrays.stream(text.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

	private static Path defaultOutput() {
		Path module = Path.of("benchmarks");
		return Files.isDirectory(module) ? module.resolve("results") : Path.of("results");
	}

	/**
	 * Collects options over their defaults.
	 */
	private static final class Builder {

		private final boolean quick;

		private int rounds;

		private Duration duration;

		private Duration warmup;

		private int accounts;

		private int bulkRows;

		private List<String> only = List.of();

		private List<String> workloads = List.of();

		private Path output = defaultOutput();

		private @Nullable Path profile;

		private String profileEvent = "itimer";

		Builder(boolean quick) {
			this.quick = quick;
			this.rounds = quick ? 1 : 5;
			this.duration = quick ? Duration.ofMillis(300) : Duration.ofSeconds(3);
			this.warmup = quick ? Duration.ofMillis(200) : Duration.ofSeconds(5);
			this.accounts = quick ? 10_000 : 1_000_000;
			this.bulkRows = quick ? 10_000 : 1_000_000;
		}

		void set(String name, String value) {
			switch (name) {
				case "--rounds" -> this.rounds = positive(name, Integer.parseInt(value));
				case "--duration" -> this.duration = parseDuration(value);
				case "--warmup" -> this.warmup = parseDuration(value);
				case "--accounts" -> this.accounts = positive(name, Integer.parseInt(value));
				case "--bulk-rows" -> this.bulkRows = positive(name, Integer.parseInt(value));
				case "--only" -> this.only = parseList(value);
				case "--workloads" -> this.workloads = parseList(value);
				case "--output" -> this.output = Path.of(value);
				case "--profile" -> this.profile = Path.of(value);
				case "--profile-event" -> this.profileEvent = value;
				default -> throw new IllegalArgumentException("Unknown option: " + name);
			}
		}

		private static int positive(String name, int value) {
			if (value < 1) {
				throw new IllegalArgumentException(name + " must be at least 1, was " + value);
			}
			return value;
		}

		BenchmarkOptions build() {
			return new BenchmarkOptions(this.quick, this.rounds, this.duration, this.warmup, this.accounts,
					this.bulkRows, this.only, this.workloads, this.output, this.profile, this.profileEvent);
		}

	}

}
