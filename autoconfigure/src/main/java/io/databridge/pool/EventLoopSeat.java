package io.databridge.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A connection's place on one of its pool's event loops ({@link EventLoopPlacement}),
 * from the start of its opening until the opening failed, was given up on, or the
 * connection closed.
 *
 * @author Databridge team
 */
final class EventLoopSeat {

	private final @Nullable Scheduler loop;

	private final Runnable vacate;

	private final AtomicBoolean left = new AtomicBoolean();

	private volatile boolean arrived;

	/**
	 * Creates a seat.
	 * @param loop the event loop's scheduler, or {@code null} to open on the caller's
	 * thread
	 * @param vacate tells the placement that the seat is free again
	 */
	EventLoopSeat(@Nullable Scheduler loop, Runnable vacate) {
		this.loop = loop;
		this.vacate = vacate;
	}

	/**
	 * Opens a connection from this seat's loop, so that the driver registers it there,
	 * with the loop named in the opening's context ({@link OpeningLoop}). The seat is
	 * left when the opening fails, or is cancelled before the connection arrived;
	 * otherwise it passes to what holds the connection, which leaves it when the
	 * connection closes.
	 * @param <C> the type of connection
	 * @param <T> the type of what holds it
	 * @param opening the opening, subscribed to once
	 * @param holder makes what holds the connection, given the connection and this seat
	 * @return the holder of the opened connection
	 */
	<C, T> Mono<T> open(Mono<C> opening, BiFunction<C, EventLoopSeat, T> holder) {
		Scheduler loop = this.loop;
		Mono<C> placed = (loop != null) ? opening.subscribeOn(loop).contextWrite(OpeningLoop.of(loop)) : opening;
		return placed.map((connection) -> {
			this.arrived = true;
			return holder.apply(connection, this);
		}).doOnError((ex) -> leave()).doOnCancel(() -> {
			if (!this.arrived) {
				leave();
			}
		});
	}

	/**
	 * Returns a seat for an opening whose loop the pool cannot choose: it opens on the
	 * caller's thread and holds no place.
	 * @return the seat
	 */
	static EventLoopSeat unplaced() {
		return new EventLoopSeat(null, () -> {
		});
	}

	/**
	 * Leaves this seat, once, however often it is called.
	 */
	void leave() {
		if (this.left.compareAndSet(false, true)) {
			this.vacate.run();
		}
	}

}
