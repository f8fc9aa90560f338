package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulShutdown}.
 *
 * @author Databridge team
 */
class GracefulShutdownWaitTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final AtomicInteger inUse = new AtomicInteger();

	private final GracefulShutdown shutdown = new GracefulShutdown(this.inUse::get);

	@Test
	void shutdownHasNotBegunUntilItIsBegun() {
		assertThat(this.shutdown.hasBegun()).isFalse();
		this.shutdown.begin();
		assertThat(this.shutdown.hasBegun()).isTrue();
	}

	@Test
	void waitEndsAtOnceWhenNoConnectionIsInUse() {
		StepVerifier.create(this.shutdown.awaitReturns(Duration.ZERO)).expectNext(true).verifyComplete();
	}

	@Test
	void waitEndsOnceTheLastConnectionComesBack() {
		this.inUse.set(2);
		Mono.delay(Duration.ofMillis(100)).subscribe((tick) -> this.inUse.set(1));
		Mono.delay(Duration.ofMillis(200)).subscribe((tick) -> this.inUse.set(0));
		long start = System.nanoTime();
		StepVerifier.create(this.shutdown.awaitReturns(TIMEOUT)).expectNext(true).verifyComplete();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(190),
				Duration.ofSeconds(5));
	}

	@Test
	void waitGivesUpAfterTheTimeoutWhileAConnectionIsStillInUse() {
		this.inUse.set(1);
		long start = System.nanoTime();
		StepVerifier.create(this.shutdown.awaitReturns(Duration.ofMillis(200))).expectNext(false).verifyComplete();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(190),
				Duration.ofSeconds(5));
	}

	@Test
	void waitWithNoTimeoutGivesUpAtOnceWhileAConnectionIsInUse() {
		this.inUse.set(1);
		StepVerifier.create(this.shutdown.awaitReturns(Duration.ZERO)).expectNext(false).verifyComplete();
	}

}
