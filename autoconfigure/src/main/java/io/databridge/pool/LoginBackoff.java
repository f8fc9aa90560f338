package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.databridge.error.DatabaseError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Spaces out attempts to open connections that the server (or a pooler in front of it)
 * refuses for a reason that does not pass by itself: a rejected password, a missing
 * database, a refused startup parameter, a TLS mismatch.
 * <ul>
 * <li>Until a first connection has opened, one attempt goes to the server at a time:
 * attempts that arrive meanwhile wait for it, share its failure if it fails, and open
 * their own once it succeeds. A pool that starts with many callers behind a server that
 * refuses it makes one login, not one per place in the pool.</li>
 * <li>After a refusal, attempts fail at once with the same error, without contacting the
 * server, until a backoff delay has passed: 200ms, doubling with each refusal in a row up
 * to 10s, reset by the first connection that opens. When the delay has passed, one
 * attempt goes to the server while the others still get the refusal.</li>
 * </ul>
 * Callers still learn the cause at once, and a pooler or an account lockout policy sees a
 * few logins a second at most, not one per request. Transient failures (an unreachable or
 * starting server) are not spaced here: waiting callers already retry them with their own
 * backoff.
 *
 * @author Databridge team
 */
final class LoginBackoff {

	private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(10));

	private volatile @Nullable Refusal refusal;

	private volatile long lastOpenedNanos = System.nanoTime();

	/**
	 * Whether a connection has opened since this guard was made.
	 */
	private volatile boolean opened;

	private final AtomicBoolean trying = new AtomicBoolean();

	private final AtomicReference<Sinks.@Nullable Empty<Void>> firstAttempt = new AtomicReference<>();

	/**
	 * Guards an attempt to open a connection.
	 * @param <T> the type of connection
	 * @param attempt the attempt, subscribed to only outside a backoff delay
	 * @return the attempt; or the last refusal while its backoff delay runs or while the
	 * one attempt allowed after it is under way; or, until a first connection has opened,
	 * the failure of the attempt under way
	 */
	<T> Mono<T> guard(Mono<T> attempt) {
		return Mono.defer(() -> {
			Refusal last = this.refusal;
			long started = System.nanoTime();
			if (last == null) {
				return this.opened ? watched(attempt, started, null) : first(attempt, started);
			}
			if (last.until - started > 0 || !this.trying.compareAndSet(false, true)) {
				return Mono.error(last.failure);
			}
			return watched(attempt, started, last).doFinally((signal) -> this.trying.set(false));
		});
	}

	/**
	 * Makes the attempt the one under way while no connection has opened, or waits for
	 * the one under way and tries again once it succeeded or was given up on.
	 */
	private <T> Mono<T> first(Mono<T> attempt, long started) {
		Sinks.Empty<Void> outcome = Sinks.empty();
		Mono<T> watched = watched(attempt, started, null).doOnError((ex) -> settle(outcome, ex))
			.doFinally((signal) -> settle(outcome, null));
		Sinks.Empty<Void> underWay = this.firstAttempt.compareAndExchange(null, outcome);
		if (underWay != null) {
			return underWay.asMono().then(guard(attempt));
		}
		if (this.refusal != null || this.opened) {
			// the attempt under way ended between the reads above
			settle(outcome, null);
			return guard(attempt);
		}
		return watched;
	}

	/**
	 * Ends the first attempt, after {@link #watched} recorded its outcome, so that those
	 * waiting for it see that outcome.
	 */
	private void settle(Sinks.Empty<Void> outcome, @Nullable Throwable failure) {
		if (this.firstAttempt.compareAndSet(outcome, null)) {
			if (failure != null) {
				outcome.tryEmitError(failure);
			}
			else {
				outcome.tryEmitEmpty();
			}
		}
	}

	private <T> Mono<T> watched(Mono<T> attempt, long started, @Nullable Refusal last) {
		return attempt.doOnNext((connection) -> {
			this.lastOpenedNanos = System.nanoTime();
			this.opened = true;
			this.refusal = null;
		}).doOnError((ex) -> refused(ex, started, last));
	}

	/**
	 * Records a refusal, unless it is transient or a connection opened after the refused
	 * attempt started, which makes it stale.
	 */
	private void refused(Throwable failure, long started, @Nullable Refusal last) {
		if (DatabaseError.of(failure).kind().isTransient() || this.lastOpenedNanos - started > 0) {
			return;
		}
		int inARow = (last != null) ? last.inARow + 1 : 0;
		this.refusal = new Refusal(failure, System.nanoTime() + BACKOFF.delay(inARow).toNanos(), inARow);
	}

	/**
	 * The last refusal and how long it stands.
	 *
	 * @param failure the refusal
	 * @param until when the next attempt may contact the server, in
	 * {@link System#nanoTime()}
	 * @param inARow how many refusals came before this one without a connection opening
	 */
	private record Refusal(Throwable failure, long until, int inARow) {

	}

}
