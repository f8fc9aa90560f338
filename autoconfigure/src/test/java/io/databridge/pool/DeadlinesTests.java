package io.databridge.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks that {@link Deadlines} ends each waiting acquire once its deadline passes, with
 * one timer task at a time, keeps nothing that no longer waits, and schedules nothing
 * while nothing waits.
 *
 * @author Databridge team
 */
class DeadlinesTests {

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final Deadlines deadlines = new Deadlines(this.time, () -> this.time.now(TimeUnit.NANOSECONDS));

	@AfterEach
	void disposeTime() {
		this.time.dispose();
	}

	@Test
	void waitersEndInTheOrderOfTheirDeadlinesUnderOneTimerTaskAtATime() {
		TestWaiter first = waitFor(Duration.ofMillis(100));
		TestWaiter second = waitFor(Duration.ofMillis(200));
		TestWaiter third = waitFor(Duration.ofMillis(300));
		assertThat(this.time.getScheduledTaskCount()).isOne();
		this.time.advanceTimeBy(Duration.ofMillis(99));
		assertThat(first.ended()).isZero();
		this.time.advanceTimeBy(Duration.ofMillis(1));
		assertThat(first.ended()).isOne();
		assertThat(second.ended()).isZero();
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(second.ended()).isOne();
		assertThat(third.ended()).isZero();
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(third.ended()).isOne();
		assertThat(this.deadlines.size()).isZero();
		assertThat(this.time.getScheduledTaskCount()).isEqualTo(3);
	}

	@Test
	void waitersWhoseDeadlinesPassTogetherEndInOneRunOfTheTimer() {
		List<TestWaiter> waiters = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			waiters.add(waitFor(Duration.ofMillis(100)));
		}
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(waiters).allSatisfy((waiter) -> assertThat(waiter.ended()).isOne());
		assertThat(this.time.getScheduledTaskCount()).isOne();
	}

	@Test
	void aWaiterThatLeftIsNeitherEndedNorKept() {
		TestWaiter left = waitFor(Duration.ofMillis(100));
		TestWaiter staying = waitFor(Duration.ofMillis(100));
		this.deadlines.remove(left);
		assertThat(this.deadlines.size()).isOne();
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(left.deadlinesPassed()).isZero();
		assertThat(staying.ended()).isOne();
	}

	@Test
	void aWaiterThatLeftFromTheMiddleOfTheQueueIsNotKept() {
		List<TestWaiter> waiters = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			waiters.add(waitFor(Duration.ofMillis(100 + i)));
		}
		this.deadlines.remove(waiters.get(2));
		assertThat(this.deadlines.size()).isEqualTo(4);
		this.time.advanceTimeBy(Duration.ofMillis(200));
		assertThat(waiters.get(2).deadlinesPassed()).isZero();
		assertThat(waiters).filteredOn((waiter) -> waiter != waiters.get(2))
			.allSatisfy((waiter) -> assertThat(waiter.ended()).isOne());
	}

	@Test
	void theTimerIsNotScheduledAgainOnceNothingWaits() {
		for (int i = 0; i < 100; i++) {
			this.deadlines.remove(waitFor(Duration.ofSeconds(30)));
		}
		assertThat(this.time.getScheduledTaskCount()).isOne();
		this.time.advanceTimeBy(Duration.ofMinutes(5));
		assertThat(this.time.getScheduledTaskCount()).isOne();
		TestWaiter later = waitFor(Duration.ofSeconds(30));
		assertThat(this.time.getScheduledTaskCount()).isEqualTo(2);
		this.time.advanceTimeBy(Duration.ofSeconds(30));
		assertThat(later.ended()).isOne();
	}

	@Test
	void aWaiterAddedWhileTheTimerFindsNothingWaitingIsTimed() {
		AtomicReference<@Nullable TestWaiter> addedMeanwhile = new AtomicReference<>();
		AtomicReference<@Nullable Deadlines> deadlines = new AtomicReference<>();
		Queue<Deadlines.Waiter> waiting = new ConcurrentLinkedQueue<>() {

			@Override
			public Deadlines.@Nullable Waiter peek() {
				Deadlines.Waiter first = super.peek();
				if (first == null && addedMeanwhile.get() == null) {
					TestWaiter waiter = new TestWaiter(
							DeadlinesTests.this.time.now(TimeUnit.NANOSECONDS) + 100_000_000);
					addedMeanwhile.set(waiter);
					deadlines.get().add(waiter);
				}
				return first;
			}

		};
		deadlines.set(new Deadlines(this.time, () -> this.time.now(TimeUnit.NANOSECONDS), waiting));
		TestWaiter left = new TestWaiter(this.time.now(TimeUnit.NANOSECONDS) + 100_000_000);
		deadlines.get().add(left);
		deadlines.get().remove(left);
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(addedMeanwhile.get()).isNotNull();
		this.time.advanceTimeBy(Duration.ofMillis(100));
		assertThat(addedMeanwhile.get().ended()).isOne();
	}

	@Test
	void aWaiterThatWaitedOnlyBrieflyDoesNotDelayTheNextDeadline() {
		this.deadlines.remove(waitFor(Duration.ofSeconds(30)));
		this.time.advanceTimeBy(Duration.ofSeconds(20));
		TestWaiter next = waitFor(Duration.ofSeconds(30));
		this.time.advanceTimeBy(Duration.ofSeconds(29));
		assertThat(next.ended()).isZero();
		this.time.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(next.ended()).isOne();
	}

	@Test
	void aWaiterWhoseDeadlineHasAlreadyPassedEndsAtOnce() {
		TestWaiter late = waitFor(Duration.ofMillis(-5));
		this.time.advanceTime();
		assertThat(late.ended()).isOne();
	}

	@Test
	void aWaiterThatFailsToEndDoesNotStopTheTimerForTheOthers() {
		Scheduler timer = Schedulers.newSingle("deadlines");
		try {
			Deadlines deadlines = new Deadlines(timer, System::nanoTime);
			TestWaiter failing = new TestWaiter(System.nanoTime() + 10_000_000) {

				@Override
				public void deadlinePassed() {
					super.deadlinePassed();
					throw new IllegalStateException("Subscriber failed");
				}

			};
			deadlines.add(failing);
			TestWaiter next = new TestWaiter(System.nanoTime() + 20_000_000);
			deadlines.add(next);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(next.ended()).isOne());
			assertThat(failing.ended()).isOne();
			assertThat(deadlines.size()).isZero();
		}
		finally {
			timer.dispose();
		}
	}

	@Test
	void everyWaiterAddedAndRemovedFromManyThreadsEitherLeavesOrEndsOnce() throws Exception {
		Scheduler timer = Schedulers.newParallel("deadlines", 1);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			Deadlines deadlines = new Deadlines(timer, System::nanoTime);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<TestWaiter>>> results = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				results.add(threads.submit(() -> addAndRemove(deadlines, start)));
			}
			start.countDown();
			List<TestWaiter> waiters = new ArrayList<>();
			for (Future<List<TestWaiter>> result : results) {
				waiters.addAll(result.get(30, TimeUnit.SECONDS));
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(waiters)
					.allSatisfy((waiter) -> assertThat(waiter.left() + waiter.ended()).as("left or ended").isOne()));
			assertThat(waiters).allSatisfy((waiter) -> assertThat(waiter.deadlinesPassed()).isLessThanOrEqualTo(1));
			assertThat(waiters).filteredOn((waiter) -> waiter.ended() == 1).isNotEmpty();
			assertThat(waiters).filteredOn((waiter) -> waiter.left() == 1).isNotEmpty();
			assertThat(deadlines.size()).isZero();
		}
		finally {
			threads.shutdownNow();
			timer.dispose();
		}
	}

	private static List<TestWaiter> addAndRemove(Deadlines deadlines, CountDownLatch start)
			throws InterruptedException {
		start.await();
		List<TestWaiter> waiters = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			TestWaiter waiter = new TestWaiter(System.nanoTime() + (i % 7 - 3) * 20_000L);
			deadlines.add(waiter);
			waiters.add(waiter);
			if (i % 3 == 0 && waiter.leave()) {
				deadlines.remove(waiter);
			}
			if (i % 1000 == 0) {
				Thread.sleep(1);
			}
		}
		return waiters;
	}

	private TestWaiter waitFor(Duration wait) {
		TestWaiter waiter = new TestWaiter(this.time.now(TimeUnit.NANOSECONDS) + wait.toNanos());
		this.deadlines.add(waiter);
		return waiter;
	}

	/**
	 * A waiter that either leaves or is ended, as an acquire does, and counts how often
	 * it was told that its deadline passed.
	 */
	static class TestWaiter implements Deadlines.Waiter {

		private final long deadline;

		private final AtomicInteger state = new AtomicInteger();

		private final AtomicInteger deadlinesPassed = new AtomicInteger();

		TestWaiter(long deadline) {
			this.deadline = deadline;
		}

		@Override
		public long deadline() {
			return this.deadline;
		}

		@Override
		public void deadlinePassed() {
			this.deadlinesPassed.incrementAndGet();
			this.state.compareAndSet(0, 2);
		}

		boolean leave() {
			return this.state.compareAndSet(0, 1);
		}

		int ended() {
			return (this.state.get() == 2) ? 1 : 0;
		}

		int deadlinesPassed() {
			return this.deadlinesPassed.get();
		}

		int left() {
			return (this.state.get() == 1) ? 1 : 0;
		}

	}

}
