package io.databridge.benchmarks.workload;

import java.lang.management.ManagementFactory;

/**
 * Reads the CPU time this JVM has used, on every core, so that a contender's cost per
 * operation can be told apart from the server's: a closed loop on a machine with few
 * cores shares them with PostgreSQL, and throughput alone mixes both.
 *
 * @author Databridge team
 */
final class ProcessCpu {

	private ProcessCpu() {
	}

	/**
	 * Returns the CPU time used by this process so far.
	 * @return the time in nanoseconds, or 0 when the platform does not tell
	 */
	static long nanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return Math.max(0, os.getProcessCpuTime());
		}
		return 0;
	}

}
