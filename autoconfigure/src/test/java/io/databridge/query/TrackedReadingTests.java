package io.databridge.query;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tracked reading whose subscriber cancels is read to its end without delivering
 * anything more, and its end is reported instead of being passed on; one read to its end
 * is reported before its subscriber hears of the end; its demand reaches the source on
 * the I/O thread.
 *
 * @author Databridge team
 */
class TrackedReadingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Drain drain = new Drain();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Scheduler loop = Schedulers.newSingle("tracked-reading-test");

	private final IoThread ioThread = IoThread.of(this.loop);

	private final List<String> requestedOn = new CopyOnWriteArrayList<>();

	private final TrackedReading.Listener listener = new TrackedReading.Listener() {

		@Override
		public void readToEnd() {
			TrackedReadingTests.this.events.add("read to end");
		}

		@Override
		public void failed(Throwable error) {
			TrackedReadingTests.this.events.add("failed: " + error.getMessage());
		}

		@Override
		public void drained(@Nullable Throwable error) {
			TrackedReadingTests.this.events.add((error != null) ? "drained: " + error.getMessage() : "drained");
		}

	};

	@AfterEach
	void disposeLoop() {
		this.loop.dispose();
	}

	@Test
	void cancelAfterTheFirstItemReadsTheRestWithoutDeliveringIt() {
		AtomicInteger produced = new AtomicInteger();
		List<Integer> delivered = new CopyOnWriteArrayList<>();
		Flux<Integer> source = Flux.range(1, 1000).doOnNext((i) -> produced.incrementAndGet());
		StepVerifier.create(reading(source, null).doOnNext(delivered::add).next())
			.expectNext(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(delivered).containsExactly(1);
		assertThat(produced.get()).isEqualTo(1000);
		assertThat(this.drain.isActive()).isTrue();
		assertThat(this.events).containsExactly("drained");
	}

	@Test
	void errorWhileDrainingIsReportedAndNotDelivered() {
		Flux<Integer> source = Flux.range(1, 10).map((i) -> (i == 5) ? failing() : i);
		StepVerifier.create(reading(source, null).take(2)).expectNext(1, 2).expectComplete().verify(TIMEOUT);
		assertThat(this.events).containsExactly("drained: boom");
	}

	@Test
	void readingToTheEndIsReportedBeforeTheSubscriberCompletes() {
		StepVerifier.create(reading(Flux.range(1, 3), null).doOnComplete(() -> this.events.add("completed")))
			.expectNext(1, 2, 3)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.drain.isActive()).isFalse();
		assertThat(this.events).containsExactly("read to end", "completed");
	}

	@Test
	void failureWhileReadingIsReportedBeforeTheSubscriberHearsOfIt() {
		Flux<Integer> source = Flux.range(1, 10).map((i) -> (i == 3) ? failing() : i);
		StepVerifier.create(reading(source, null).doOnError((ex) -> this.events.add("subscriber told")))
			.expectNext(1, 2)
			.expectErrorMessage("boom")
			.verify(TIMEOUT);
		assertThat(this.events).containsExactly("failed: boom", "subscriber told");
	}

	@Test
	void demandStaysTheSubscribersUntilItCancels() {
		AtomicInteger requested = new AtomicInteger();
		Flux<Integer> source = Flux.range(1, 100).doOnRequest((n) -> requested.addAndGet((int) Math.min(n, 1000)));
		StepVerifier.create(reading(source, null), 2).expectNext(1, 2).thenCancel().verify(TIMEOUT);
		assertThat(requested.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.events).containsExactly("drained");
	}

	@Test
	void demandFromAnotherThreadReachesTheSourceOnTheIoThread() {
		StepVerifier.create(reading(recordingRequests(Flux.range(1, 3)), this.ioThread), 0)
			.thenRequest(1)
			.expectNext(1)
			.thenRequest(2)
			.expectNext(2, 3)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.requestedOn).hasSize(2)
			.allSatisfy((thread) -> assertThat(thread).startsWith("tracked-reading-test"));
	}

	@Test
	void demandOnTheIoThreadReachesTheSourceAtOnce() throws Exception {
		CompletableFuture<List<String>> requestedWithinSubscribe = new CompletableFuture<>();
		this.loop.schedule(() -> {
			reading(recordingRequests(Flux.range(1, 3)), this.ioThread).subscribe();
			requestedWithinSubscribe.complete(List.copyOf(this.requestedOn));
		});
		assertThat(requestedWithinSubscribe.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).singleElement()
			.satisfies((thread) -> assertThat(thread).startsWith("tracked-reading-test"));
	}

	@Test
	void everyItemArrivesInOrderWhenAnotherThreadRequestsThemInSmallBatches() {
		StepVerifier
			.create(reading(recordingRequests(Flux.range(1, 10_000)), this.ioThread).publishOn(Schedulers.parallel(),
					8))
			.expectNextSequence(IntStream.rangeClosed(1, 10_000).boxed().toList())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.requestedOn).isNotEmpty()
			.allSatisfy((thread) -> assertThat(thread).startsWith("tracked-reading-test"));
	}

	@Test
	void drainAfterACancelFromAnotherThreadIsRequestedOnTheIoThread() {
		StepVerifier.create(reading(recordingRequests(Flux.range(1, 100)), this.ioThread), 0)
			.thenRequest(1)
			.expectNext(1)
			.thenCancel()
			.verify(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.events).containsExactly("drained"));
		assertThat(this.requestedOn).hasSize(2)
			.allSatisfy((thread) -> assertThat(thread).startsWith("tracked-reading-test"));
	}

	private Flux<Integer> reading(Flux<Integer> source, @Nullable IoThread ioThread) {
		return new TrackedReading<>(source, this.drain, ioThread, this.listener);
	}

	private Flux<Integer> recordingRequests(Flux<Integer> source) {
		return source.doOnRequest((n) -> this.requestedOn.add(Thread.currentThread().getName()));
	}

	private static int failing() {
		throw new IllegalStateException("boom");
	}

}
