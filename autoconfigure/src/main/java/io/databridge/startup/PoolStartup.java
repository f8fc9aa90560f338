package io.databridge.startup;

import java.time.Duration;

import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.RetryBackoff;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Exceptions;

/**
 * Opens a connection pool as the {@link StartupMode} says, blocking the calling thread.
 * In {@link StartupMode#WAIT wait} mode, attempts are spaced by exponential backoff with
 * jitter, from 100ms up to 2s, so that a serverless database waking from suspension
 * (which takes hundreds of milliseconds to seconds) is met promptly without a retry
 * storm.
 *
 * @author Databridge team
 */
public final class PoolStartup {

	private static final Log logger = LogFactory.getLog(PoolStartup.class);

	/**
	 * The backoff between attempts in {@link StartupMode#WAIT wait} mode.
	 */
	public static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

	private final DatabridgeConnectionPool pool;

	private final String target;

	private PoolStartup(DatabridgeConnectionPool pool, String target) {
		this.pool = pool;
		this.target = target;
	}

	/**
	 * Opens the pool.
	 * @param pool the pool
	 * @param target the server, for messages, such as {@code user@host:5432/database}
	 * @param mode the startup mode
	 * @param timeout how long {@link StartupMode#WAIT wait} mode keeps trying
	 * @throws DatabaseStartupException if the pool could not be opened
	 */
	public static void start(DatabridgeConnectionPool pool, String target, StartupMode mode, Duration timeout) {
		if (mode != StartupMode.LAZY) {
			new PoolStartup(pool, target).open(mode, timeout);
		}
	}

	private void open(StartupMode mode, Duration timeout) {
		String name = this.pool.getSettings().name();
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		for (int attempt = 1;; attempt++) {
			try {
				Integer open = this.pool.open().block();
				logger.info("[" + name + "] Opened " + open + " connection(s) to " + this.target + " in "
						+ Duration.ofNanos(System.nanoTime() - start).toMillis() + "ms");
				return;
			}
			catch (RuntimeException ex) {
				Throwable failure = Exceptions.unwrap(ex);
				Duration delay = BACKOFF.delay(attempt - 1);
				if (mode != StartupMode.WAIT || !isWorthWaitingFor(failure)
						|| System.nanoTime() + delay.toNanos() - deadline > 0) {
					throw new DatabaseStartupException(name, this.target, mode, attempt,
							Duration.ofNanos(System.nanoTime() - start), failure);
				}
				logger.info("[" + name + "] PostgreSQL at " + this.target + " is not ready ("
						+ DatabaseError.of(failure).kind().value() + "); trying again in " + delay.toMillis() + "ms");
				sleep(delay);
			}
		}
	}

	/**
	 * Returns whether waiting may cure the given failure: the server is unreachable,
	 * starting up, shutting down or full, or its name does not resolve yet (as when a
	 * container is still being created).
	 * @param failure the failure
	 * @return whether to try again
	 */
	static boolean isWorthWaitingFor(Throwable failure) {
		ErrorKind kind = DatabaseError.of(failure).kind();
		return kind.isTransient() || kind == ErrorKind.UNKNOWN_HOST;
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL", ex);
		}
	}

}
