package io.databridge.benchmarks.workload;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Counts the event loops that did a real share of the event-loop work between two
 * samples, and nothing else.
 *
 * @author Databridge team
 */
class EventLoopCpuTests {

	@Test
	void loopsThatEachDidATenthOfTheWorkAreBusy() {
		Map<Long, Long> before = Map.of(1L, 1_000L, 2L, 1_000L, 3L, 1_000L, 4L, 1_000L);
		Map<Long, Long> after = Map.of(1L, 501_000L, 2L, 461_000L, 3L, 40_000L, 4L, 1_000L);
		assertThat(EventLoopCpu.busy(before, after)).isEqualTo(2);
	}

	@Test
	void loopsThatStartedBetweenTheSamplesCountFromZero() {
		assertThat(EventLoopCpu.busy(Map.of(1L, 100L), Map.of(1L, 1_100L, 2L, 900L))).isEqualTo(2);
	}

	@Test
	void noneAreBusyWhenNoLoopUsedAnyTime() {
		assertThat(EventLoopCpu.busy(Map.of(1L, 100L), Map.of(1L, 100L))).isEqualTo(-1);
		assertThat(EventLoopCpu.busy(Map.of(), Map.of())).isEqualTo(-1);
	}

	@Test
	void onlyEventLoopThreadsAreSampledAndTheirWorkIsSeen() throws Exception {
		assumeTrue(ManagementFactory.getThreadMXBean().isThreadCpuTimeSupported(), "thread CPU time not measurable");
		CountDownLatch done = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		threads.add(spinning("reactor-tcp-epoll-test-1", done));
		threads.add(spinning("reactor-tcp-epoll-test-2", done));
		threads.add(spinning("vert.x-eventloop-thread-test", done));
		threads.add(spinning("parallel-test", done));
		Map<Long, Long> before = EventLoopCpu.sample();
		threads.forEach(Thread::start);
		Thread.sleep(300);
		Map<Long, Long> after = EventLoopCpu.sample();
		done.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		assertThat(after).containsKeys(threads.get(0).getId(), threads.get(1).getId(), threads.get(2).getId())
			.doesNotContainKey(threads.get(3).getId());
		assertThat(EventLoopCpu.busy(before, after)).isEqualTo(3);
	}

	private static Thread spinning(String name, CountDownLatch done) {
		return new Thread(() -> {
			while (done.getCount() > 0) {
				Thread.onSpinWait();
			}
		}, name);
	}

}
