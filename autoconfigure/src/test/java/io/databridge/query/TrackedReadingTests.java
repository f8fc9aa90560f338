package io.databridge.query;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reading whose subscriber cancels is read to its end without delivering anything more,
 * and its end is reported instead of being passed on.
 *
 * @author Databridge team
 */
class DrainOnCancelTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Drain drain = new Drain();

	private final AtomicReference<@Nullable Object> drained = new AtomicReference<>();

	private final AtomicInteger ends = new AtomicInteger();

	@Test
	void cancelAfterTheFirstItemReadsTheRestWithoutDeliveringIt() {
		AtomicInteger produced = new AtomicInteger();
		List<Integer> delivered = new CopyOnWriteArrayList<>();
		Flux<Integer> source = Flux.range(1, 1000).doOnNext((i) -> produced.incrementAndGet());
		StepVerifier.create(reading(source).doOnNext(delivered::add).next())
			.expectNext(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(delivered).containsExactly(1);
		assertThat(produced.get()).isEqualTo(1000);
		assertThat(this.drain.isActive()).isTrue();
		assertThat(this.ends.get()).isOne();
		assertThat(this.drained.get()).isEqualTo("complete");
	}

	@Test
	void errorWhileDrainingIsReportedAndNotDelivered() {
		Flux<Integer> source = Flux.range(1, 10).map((i) -> (i == 5) ? failing() : i);
		StepVerifier.create(reading(source).take(2)).expectNext(1, 2).expectComplete().verify(TIMEOUT);
		assertThat(this.drained.get()).isInstanceOf(IllegalStateException.class);
		assertThat(this.ends.get()).isOne();
	}

	@Test
	void readingToTheEndCompletesAsUsualAndReportsNoDrain() {
		StepVerifier.create(reading(Flux.range(1, 3))).expectNext(1, 2, 3).expectComplete().verify(TIMEOUT);
		assertThat(this.drain.isActive()).isFalse();
		assertThat(this.ends.get()).isZero();
	}

	@Test
	void demandStaysTheSubscribersUntilItCancels() {
		AtomicInteger requested = new AtomicInteger();
		Flux<Integer> source = Flux.range(1, 100).doOnRequest((n) -> requested.addAndGet((int) Math.min(n, 1000)));
		StepVerifier.create(reading(source), 2).expectNext(1, 2).thenCancel().verify(TIMEOUT);
		assertThat(requested.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.drained.get()).isEqualTo("complete");
	}

	private Flux<Integer> reading(Flux<Integer> source) {
		return new DrainOnCancel<>(source, this.drain, (error) -> {
			this.ends.incrementAndGet();
			this.drained.set((error != null) ? error : "complete");
		});
	}

	private static int failing() {
		throw new IllegalStateException("boom");
	}

}
