package io.databridge.pool;

import java.util.concurrent.ThreadLocalRandom;

import io.databridge.query.IoThread;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * A driver connection as the pool keeps it, with what the pool needs to know about it:
 * its own lifetime, when it was last given back, and whether it broke or was given back
 * still busy.
 *
 * @author Databridge team
 */
final class PoolEntry {

	private final Connection connection;

	private final long lifetimeMillis;

	private final @Nullable IoThread ioThread;

	private final EventLoopSeat seat;

	private volatile long returnedNanos;

	private volatile boolean broken;

	private volatile boolean undrained;

	private volatile boolean retired;

	PoolEntry(Connection connection, long maxLifetimeMillis, EventLoopSeat seat) {
		this.connection = connection;
		this.lifetimeMillis = jittered(maxLifetimeMillis);
		this.ioThread = ioThreadOf(connection);
		this.seat = seat;
		this.returnedNanos = System.nanoTime();
	}

	private static @Nullable IoThread ioThreadOf(Connection connection) {
		Scheduler scheduler = (connection instanceof Wrapped<?> wrapped) ? wrapped.unwrap(Scheduler.class) : null;
		return (scheduler != null) ? IoThread.of(scheduler) : null;
	}

	private static long jittered(long maxLifetimeMillis) {
		double share = ThreadLocalRandom.current().nextDouble() * PoolSettings.LIFETIME_VARIANCE_PERCENT / 100;
		return maxLifetimeMillis - (long) (maxLifetimeMillis * share);
	}

	Connection connection() {
		return this.connection;
	}

	/**
	 * Returns this connection's lifetime: the maximum lifetime less a random share of up
	 * to {@link PoolSettings#LIFETIME_VARIANCE_PERCENT} percent, drawn once.
	 * @return the lifetime in milliseconds
	 */
	long lifetimeMillis() {
		return this.lifetimeMillis;
	}

	/**
	 * Returns the thread doing this connection's I/O, when the driver tells
	 * (r2dbc-postgresql: the channel's event loop).
	 * @return the I/O thread, or {@code null}
	 */
	@Nullable IoThread ioThread() {
		return this.ioThread;
	}

	/**
	 * Leaves the connection's seat on its event loop ({@link EventLoopPlacement}): the
	 * connection is closing. Only the first call counts.
	 */
	void closed() {
		this.seat.leave();
	}

	long idleNanos(long now) {
		return now - this.returnedNanos;
	}

	void returned(long now) {
		this.returnedNanos = now;
	}

	boolean isBroken() {
		return this.broken;
	}

	void markBroken() {
		this.broken = true;
	}

	/**
	 * Returns whether the connection was given back while the server may still be
	 * answering a statement nobody reads any more.
	 * @return whether the connection is still busy
	 */
	boolean isUndrained() {
		return this.undrained;
	}

	/**
	 * Returns whether the pool retired this connection: it is closed instead of being
	 * handed out again.
	 * @return whether retired
	 */
	boolean isRetired() {
		return this.retired;
	}

	void markRetired() {
		this.retired = true;
	}

	/**
	 * Marks the connection as given back while still busy with a statement nobody reads
	 * any more: it is broken for the pool's purposes, and its statement is to be
	 * cancelled on the server before it is closed.
	 */
	void markUndrained() {
		this.undrained = true;
		this.broken = true;
	}

	@Override
	public String toString() {
		return "PoolEntry[" + this.connection + "]";
	}

}
