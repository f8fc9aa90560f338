package io.databridge.query;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IoThreadDemand}.
 *
 * @author Databridge team
 */
class IoThreadDemandTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Scheduler loop = Schedulers.newSingle("io-thread-demand-test");

	private final IoThread ioThread = IoThread.of(this.loop);

	private final List<String> requestedOn = new CopyOnWriteArrayList<>();

	@AfterEach
	void disposeLoop() {
		this.loop.dispose();
	}

	@Test
	void demandFromAnotherThreadReachesTheSourceOnTheIoThread() {
		StepVerifier.create(demanding(Flux.range(1, 3)), 0)
			.thenRequest(1)
			.expectNext(1)
			.thenRequest(2)
			.expectNext(2, 3)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.requestedOn).hasSize(2)
			.allSatisfy((thread) -> assertThat(thread).startsWith("io-thread-demand-test"));
	}

	@Test
	void demandOnTheIoThreadReachesTheSourceAtOnce() throws Exception {
		CompletableFuture<List<String>> requestedWithinSubscribe = new CompletableFuture<>();
		this.loop.schedule(() -> {
			demanding(Flux.range(1, 3)).subscribe();
			requestedWithinSubscribe.complete(List.copyOf(this.requestedOn));
		});
		assertThat(requestedWithinSubscribe.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).singleElement()
			.satisfies((thread) -> assertThat(thread).startsWith("io-thread-demand-test"));
	}

	@Test
	void everyItemArrivesInOrderWhenAnotherThreadRequestsThemInSmallBatches() {
		StepVerifier.create(demanding(Flux.range(1, 10_000)).publishOn(Schedulers.parallel(), 8))
			.expectNextSequence(IntStream.rangeClosed(1, 10_000).boxed().toList())
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.requestedOn).isNotEmpty()
			.allSatisfy((thread) -> assertThat(thread).startsWith("io-thread-demand-test"));
	}

	@Test
	void cancellingReachesTheSourceOnTheCallingThread() {
		List<String> cancelledOn = new CopyOnWriteArrayList<>();
		StepVerifier
			.create(demanding(
					Flux.<Integer>never().doOnCancel(() -> cancelledOn.add(Thread.currentThread().getName()))))
			.thenCancel()
			.verify(TIMEOUT);
		assertThat(cancelledOn).containsExactly(Thread.currentThread().getName());
	}

	private Flux<Integer> demanding(Flux<Integer> source) {
		return new IoThreadDemand<>(source.doOnRequest((n) -> this.requestedOn.add(Thread.currentThread().getName())),
				this.ioThread);
	}

}
