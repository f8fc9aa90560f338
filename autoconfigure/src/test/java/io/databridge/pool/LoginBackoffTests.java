package io.databridge.pool;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link LoginBackoff} on a stub login that counts its attempts.
 *
 * @author Databridge team
 */
class LoginBackoffTests {

	private final LoginBackoff backoff = new LoginBackoff();

	private final AtomicInteger attempts = new AtomicInteger();

	@Test
	void refusedLoginIsNotTriedAgainWithinTheBackoffAndCallersGetTheRefusalAtOnce() {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("password authentication failed",
				"28P01");
		for (int i = 0; i < 20; i++) {
			assertThatException().isThrownBy(() -> this.backoff.guard(login(Mono.error(refusal))).block())
				.isSameAs(refusal);
		}
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void refusedLoginIsTriedAgainOnceTheBackoffPassed() throws InterruptedException {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("refused", "28P01");
		assertThatException().isThrownBy(() -> this.backoff.guard(login(Mono.error(refusal))).block());
		Thread.sleep(250);
		assertThat(this.backoff.guard(login(Mono.just("connection"))).block()).isEqualTo("connection");
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void connectionThatOpensEndsTheBackoff() throws InterruptedException {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("refused", "28P01");
		assertThatException().isThrownBy(() -> this.backoff.guard(login(Mono.error(refusal))).block());
		Thread.sleep(250);
		this.backoff.guard(login(Mono.just("connection"))).block();
		assertThatException().isThrownBy(() -> this.backoff.guard(login(Mono.error(refusal))).block());
		assertThat(this.attempts).hasValue(3);
	}

	@Test
	void unreachableServerIsNotSpacedOutHere() {
		for (int i = 0; i < 5; i++) {
			assertThatException()
				.isThrownBy(() -> this.backoff.guard(login(Mono.error(new ConnectException("refused")))).block());
		}
		assertThat(this.attempts).hasValue(5);
	}

	@Test
	void refusalsInARowWaitLongerEachTime() throws InterruptedException {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("refused", "28P01");
		long start = System.nanoTime();
		while (this.attempts.get() < 4 && System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
			try {
				this.backoff.guard(login(Mono.error(refusal))).block();
			}
			catch (R2dbcPermissionDeniedException ex) {
				Thread.sleep(10);
			}
		}
		assertThat(this.attempts).hasValue(4);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
	}

	@Test
	void onceTheBackoffPassedOneCallerTriesWhileTheOthersGetTheRefusal() throws InterruptedException {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("refused", "28P01");
		assertThatException().isThrownBy(() -> this.backoff.guard(login(Mono.error(refusal))).block());
		Thread.sleep(250);
		List<Object> outcomes = Flux.range(0, 10)
			.flatMap((i) -> this.backoff.guard(login(Mono.delay(Duration.ofMillis(100)).thenReturn("connection")))
				.cast(Object.class)
				.onErrorResume(Mono::just), 10)
			.collectList()
			.block();
		assertThat(outcomes).filteredOn("connection"::equals).hasSize(1);
		assertThat(outcomes).filteredOn(refusal::equals).hasSize(9);
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void whileNoConnectionHasOpenedOneAttemptGoesAndThoseArrivingMeanwhileShareItsRefusal() {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("refused", "28P01");
		List<Object> outcomes = concurrently(10,
				() -> login(Mono.delay(Duration.ofMillis(100)).then(Mono.<String>error(refusal))));
		assertThat(outcomes).hasSize(10).containsOnly(refusal);
		assertThat(this.attempts).hasValue(1);
	}

	@Test
	void onceTheFirstConnectionOpensThoseThatWaitedForItOpenTheirOwnTogether() {
		List<Long> starts = new CopyOnWriteArrayList<>();
		AtomicLong firstOpened = new AtomicLong();
		long start = System.nanoTime();
		List<Object> outcomes = concurrently(10, () -> login(Mono.defer(() -> {
			starts.add(System.nanoTime());
			return Mono.delay(Duration.ofMillis(200)).map((tick) -> {
				firstOpened.compareAndSet(0, System.nanoTime());
				return "connection";
			});
		})));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(outcomes).hasSize(10).containsOnly("connection");
		assertThat(this.attempts).hasValue(10);
		assertThat(starts.subList(1, starts.size()))
			.allSatisfy((at) -> assertThat(at).isGreaterThan(firstOpened.get()));
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofMillis(1000));
	}

	@Test
	void attemptsThatWaitedForAFirstAttemptFailingTransientlyShareItsFailure() {
		ConnectException unreachable = new ConnectException("Connection refused");
		List<Object> outcomes = concurrently(5,
				() -> login(Mono.delay(Duration.ofMillis(100)).then(Mono.<String>error(unreachable))));
		assertThat(outcomes).hasSize(5).containsOnly(unreachable);
		assertThat(this.attempts).hasValue(1);
		assertThat(concurrently(1, () -> login(Mono.error(unreachable)))).containsOnly(unreachable);
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void firstAttemptGivenUpOnLetsAnAttemptWaitingForItGo() {
		Mono<String> givenUp = this.backoff.guard(login(Mono.never()))
			.timeout(Duration.ofMillis(100))
			.onErrorReturn("gave up");
		AtomicLong waitingTriedAt = new AtomicLong();
		Mono<String> waiting = this.backoff.guard(login(Mono.fromSupplier(() -> {
			waitingTriedAt.set(System.nanoTime());
			return "connection";
		})));
		long start = System.nanoTime();
		List<String> outcomes = Flux.merge(givenUp, Mono.delay(Duration.ofMillis(20)).then(waiting))
			.collectList()
			.block(Duration.ofSeconds(2));
		assertThat(outcomes).containsExactlyInAnyOrder("gave up", "connection");
		assertThat(this.attempts).hasValue(2);
		assertThat(Duration.ofNanos(waitingTriedAt.get() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
	}

	@Test
	void refusalOfAnAttemptStartedBeforeAConnectionOpenedIsStale() {
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("refused", "28P01");
		assertThat(this.backoff.guard(login(Mono.just("connection"))).block()).isEqualTo("connection");
		Mono<String> slowRefusal = this.backoff
			.guard(login(Mono.delay(Duration.ofMillis(200)).then(Mono.<String>error(refusal))))
			.onErrorResume((ex) -> Mono.just("refused"))
			.cache();
		slowRefusal.subscribe();
		assertThat(this.backoff.guard(login(Mono.just("connection"))).block()).isEqualTo("connection");
		assertThat(slowRefusal.block()).isEqualTo("refused");
		assertThat(this.backoff.guard(login(Mono.just("connection"))).block()).isEqualTo("connection");
		assertThat(this.attempts).hasValue(4);
	}

	private List<Object> concurrently(int callers, Supplier<Mono<String>> login) {
		return Flux.range(0, callers)
			.flatMap((i) -> this.backoff.guard(login.get()).cast(Object.class).onErrorResume(Mono::just), callers)
			.collectList()
			.block(Duration.ofSeconds(5));
	}

	private Mono<String> login(Mono<String> outcome) {
		return Mono.defer(() -> {
			this.attempts.incrementAndGet();
			return outcome;
		});
	}

}
