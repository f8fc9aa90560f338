package io.databridge.pool;

import java.time.Duration;

import io.databridge.error.ClassifiedFailure;
import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.error.ServerMessage;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when no connection could be handed out within the pool's acquire timeout. The
 * message says how busy the pool was; the cause, when there is one, is the last failed
 * attempt to open a connection.
 *
 * @author Databridge team
 */
public class ConnectionAcquireTimeoutException extends R2dbcTimeoutException implements ClassifiedFailure {

	private final PoolState state;

	/**
	 * Creates an exception.
	 * @param timeout the acquire timeout that passed
	 * @param state the pool's state when it passed
	 * @param lastFailure the last failed attempt to open a connection, if any
	 */
	public ConnectionAcquireTimeoutException(Duration timeout, PoolState state, @Nullable Throwable lastFailure) {
		super(message(timeout, state, lastFailure), lastFailure);
		this.state = state;
	}

	private static String message(Duration timeout, PoolState state, @Nullable Throwable lastFailure) {
		String message = "[" + state.name() + "] No connection available within " + timeout + " (active="
				+ state.active() + ", idle=" + state.idle() + ", pending=" + state.pending() + ", max=" + state.max()
				+ ")";
		if (lastFailure != null) {
			DatabaseError error = DatabaseError.of(lastFailure);
			ServerMessage said = ServerMessage.of(lastFailure);
			return message + "; the last attempt to open one failed: " + error.describe() + ", " + error.exceptionType()
					+ ((said != null) ? ", the server said " + said.quote() : "");
		}
		return message + "; raise databridge.pool.max-overflow or databridge.pool.acquire-timeout, "
				+ "or look for connections held too long (databridge.pool.leak-detection-threshold)";
	}

	/**
	 * Returns the pool's state when the timeout passed.
	 * @return the state
	 */
	public PoolState getState() {
		return this.state;
	}

	@Override
	public ErrorKind kind() {
		return ErrorKind.TIMEOUT;
	}

}
