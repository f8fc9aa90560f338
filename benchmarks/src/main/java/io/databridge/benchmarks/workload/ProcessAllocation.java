package io.databridge.benchmarks.workload;

import java.lang.management.ManagementFactory;

/**
 * Reads how many bytes this JVM's threads have allocated, so that a contender's
 * allocation per operation can be reported: it moves far less from run to run than time
 * does on a shared machine, and every byte is later work for the garbage collector.
 *
 * @author Databridge team
 */
final class ProcessAllocation {

	private ProcessAllocation() {
	}

	/**
	 * Returns the bytes allocated by all live threads so far, or -1 when the platform
	 * does not tell. Threads that ended in between are not counted.
	 * @return the bytes allocated, or -1
	 */
	static long bytes() {
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
			return threads.getTotalThreadAllocatedBytes();
		}
		return -1;
	}

}
