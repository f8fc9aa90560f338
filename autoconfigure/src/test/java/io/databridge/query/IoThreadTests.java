package io.databridge.query;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoThread}.
 *
 * @author Databridge team
 */
class IoThreadTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Scheduler loop = Schedulers.newSingle("io-thread-test");

	@AfterEach
	void disposeLoop() {
		this.loop.dispose();
	}

	@Test
	void onlyTheSchedulersThreadIsCurrent() throws Exception {
		IoThread ioThread = IoThread.of(this.loop);
		assertThat(onLoop(ioThread::isCurrent)).isTrue();
		assertThat(ioThread.isCurrent()).isFalse();
	}

	@Test
	void scheduleRunsATaskOnTheThreadAfterTheTasksQueuedThere() throws Exception {
		IoThread ioThread = IoThread.of(this.loop);
		CompletableFuture<String> ranOn = new CompletableFuture<>();
		assertThat(onLoop(() -> {
			ioThread.schedule(() -> ranOn.complete(Thread.currentThread().getName()));
			return ranOn.isDone();
		})).isFalse();
		assertThat(ranOn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).startsWith("io-thread-test");
	}

	@Test
	void tasksRunOnTheCallingThreadOnceTheEventLoopTakesNoMore() {
		IoThread ioThread = IoThread.of(this.loop);
		this.loop.dispose();
		String[] scheduledOn = new String[1];
		ioThread.schedule(() -> scheduledOn[0] = Thread.currentThread().getName());
		assertThat(scheduledOn[0]).isEqualTo(Thread.currentThread().getName());
	}

	private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.loop.schedule(() -> {
			try {
				result.complete(task.call());
			}
			catch (Exception ex) {
				result.completeExceptionally(ex);
			}
		});
		return result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

}
