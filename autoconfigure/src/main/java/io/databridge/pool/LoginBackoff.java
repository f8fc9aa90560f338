package io.databridge.pool;

import java.time.Duration;

import io.databridge.error.DatabaseError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Spaces out attempts to open connections that the server (or a pooler in front of it)
 * refuses for a reason that does not pass by itself: a rejected password, a missing
 * database, a refused startup parameter, a TLS mismatch. After such a refusal, attempts
 * fail at once with the same error, without contacting the server, until a backoff delay
 * has passed: 200ms, doubling with each refusal in a row up to 10s, reset by the first
 * connection that opens. Callers still learn the cause at once, and a pooler or an
 * account lockout policy sees a few logins a second at most, not one per request.
 * Transient failures (an unreachable or starting server) are not spaced here: waiting
 * callers already retry them with their own backoff.
 *
 * @author Databridge team
 */
final class LoginBackoff {

	private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(10));

	private volatile @Nullable Refusal refusal;

	/**
	 * Guards an attempt to open a connection.
	 * @param <T> the type of connection
	 * @param attempt the attempt, subscribed to only outside a backoff delay
	 * @return the attempt, or the last refusal while its backoff delay runs
	 */
	<T> Mono<T> guard(Mono<T> attempt) {
		return Mono.defer(() -> {
			Refusal last = this.refusal;
			if (last != null && last.until - System.nanoTime() > 0) {
				return Mono.error(last.failure);
			}
			return attempt.doOnNext((connection) -> this.refusal = null).doOnError((ex) -> refused(ex, last));
		});
	}

	private void refused(Throwable failure, @Nullable Refusal last) {
		if (DatabaseError.of(failure).kind().isTransient()) {
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
