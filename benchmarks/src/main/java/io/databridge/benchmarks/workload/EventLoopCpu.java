package io.databridge.benchmarks.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CPU time of this JVM's network event loops (Reactor Netty's, as
 * r2dbc-postgresql uses them, and Vert.x's), so that the report can say how many of them
 * a contender kept busy. Where a pool's connections sit decides it: spread over more
 * event loops than the machine has cores, they cost thread switches on a small machine;
 * crowded on one loop, they leave cores idle on a large one.
 *
 * @author Databridge team
 */
final class EventLoopCpu {

	/**
	 * The share of all event loops' CPU time that a loop must have used to count as busy.
	 */
	private static final double BUSY_SHARE = 0.10;

	private static final List<String> EVENT_LOOP_PREFIXES = List.of("reactor-tcp-", "vert.x-eventloop-thread-");

	private EventLoopCpu() {
	}

	/**
	 * Returns the CPU time each live event loop has used so far.
	 * @return CPU nanoseconds by thread id, empty when the platform does not tell
	 */
	static Map<Long, Long> sample() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<Long, Long> cpu = new HashMap<>();
		if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
			return cpu;
		}
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && isEventLoop(info.getThreadName())) {
				long nanos = threads.getThreadCpuTime(info.getThreadId());
				if (nanos >= 0) {
					cpu.put(info.getThreadId(), nanos);
				}
			}
		}
		return cpu;
	}

	/**
	 * Returns how many event loops each used at least a tenth of all event loops' CPU
	 * time between two samples.
	 * @param before the earlier sample
	 * @param after the later sample
	 * @return the busy event loops, or -1 when no event loop used any CPU time
	 */
	static int busy(Map<Long, Long> before, Map<Long, Long> after) {
		Map<Long, Long> used = new HashMap<>();
		after.forEach((thread, nanos) -> used.put(thread, nanos - before.getOrDefault(thread, 0L)));
		long total = used.values().stream().mapToLong(Long::longValue).sum();
		if (total <= 0) {
			return -1;
		}
		return (int) used.values().stream().filter((nanos) -> nanos >= total * BUSY_SHARE).count();
	}

	private static boolean isEventLoop(String name) {
		return EVENT_LOOP_PREFIXES.stream().anyMatch(name::startsWith);
	}

}
