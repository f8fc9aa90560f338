package io.databridge.benchmarks.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads how busy every core of the machine has been, from Linux's {@code /proc/stat}, so
 * that a round can tell a contender that left the cores idle (its operations wait on
 * something) from one that kept them busy, and how much of that was the server's.
 *
 * @author Databridge team
 */
final class MachineCpu {

	private static final Path PROC_STAT = Path.of("/proc/stat");

	/**
	 * Clock ticks per second in {@code /proc/stat} ({@code USER_HZ}, 100 on every Linux
	 * architecture the benchmarks run on).
	 */
	private static final long TICKS_PER_SECOND = 100;

	private MachineCpu() {
	}

	/**
	 * Reads the machine's CPU counters now.
	 * @return the counters, or {@code null} when the platform does not tell
	 */
	static @Nullable Sample sample() {
		try {
			List<String> lines = Files.readAllLines(PROC_STAT);
			return lines.isEmpty() ? null : parse(lines.get(0));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Parses the aggregate {@code cpu} line of {@code /proc/stat}: user, nice, system,
	 * idle, iowait, irq, softirq and steal time in clock ticks (guest time is already in
	 * user time).
	 * @param line the line
	 * @return the counters
	 */
	static Sample parse(String line) {
		String[] fields = line.trim().split("\\s+");
		if (!fields[0].equals("cpu") || fields.length < 5) {
			throw new IllegalArgumentException("Not the aggregate cpu line of /proc/stat: " + line);
		}
		long total = 0;
		long idle = 0;
		for (int i = 1; i < Math.min(fields.length, 9); i++) {
			long ticks = Long.parseLong(fields[i]);
			total += ticks;
			if (i == 4 || i == 5) {
				idle += ticks;
			}
		}
		return new Sample(total - idle, total);
	}

	/**
	 * The machine's CPU counters at one moment, in clock ticks summed over every core.
	 *
	 * @param busy ticks spent doing work
	 * @param total ticks in all, idle included
	 */
	record Sample(long busy, long total) {

		/**
		 * Returns the share of the cores' time that was busy since an earlier sample.
		 * @param earlier the earlier sample
		 * @return the busy share, from 0 to 1, or NaN if no time passed
		 */
		double busySince(Sample earlier) {
			long total = this.total - earlier.total;
			return (total > 0) ? (double) (this.busy - earlier.busy) / total : Double.NaN;
		}

		/**
		 * Returns the CPU time all cores spent busy since an earlier sample.
		 * @param earlier the earlier sample
		 * @return the busy time in nanoseconds
		 */
		long busyNanosSince(Sample earlier) {
			return (this.busy - earlier.busy) * (1_000_000_000L / TICKS_PER_SECOND);
		}

	}

}
