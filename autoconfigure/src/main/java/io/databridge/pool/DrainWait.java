package io.databridge.pool;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A give-back waiting for the statements still running on its connection to be drained,
 * until the pool's drain timeout. Its deadline is kept with the pool's other drain
 * deadlines under one timer ({@link Deadlines}), so that waiting costs no timer task of
 * its own: a {@code first()} gives its connection back while the rest of its answer is
 * still being read, on every call.
 *
 * @author Databridge team
 */
final class DrainWait implements Deadlines.Waiter {

	private final PoolEntry entry;

	private final long deadline;

	private final Deadlines deadlines;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final Sinks.Empty<Void> done = Sinks.empty();

	private DrainWait(PoolEntry entry, long deadline, Deadlines deadlines) {
		this.entry = entry;
		this.deadline = deadline;
		this.deadlines = deadlines;
	}

	/**
	 * Starts waiting for the given connection to be drained.
	 * @param entry the connection
	 * @param deadline when to stop waiting, on the clock of the deadlines
	 * @param deadlines the pool's drain deadlines
	 * @return the wait
	 */
	static DrainWait start(PoolEntry entry, long deadline, Deadlines deadlines) {
		DrainWait wait = new DrainWait(entry, deadline, deadlines);
		deadlines.add(wait);
		return wait;
	}

	@Override
	public long deadline() {
		return this.deadline;
	}

	/**
	 * Marks the connection undrained and ends the wait, unless it has ended already.
	 */
	@Override
	public void deadlinePassed() {
		if (this.ended.compareAndSet(false, true)) {
			this.entry.markUndrained();
			this.done.tryEmitEmpty();
		}
	}

	/**
	 * Ends the wait: no statement runs on the connection any more.
	 */
	void drained() {
		if (this.ended.compareAndSet(false, true)) {
			this.deadlines.remove(this);
			this.done.tryEmitEmpty();
		}
	}

	/**
	 * Returns the end of the wait.
	 * @return completes once drained or past the deadline
	 */
	Mono<Void> ended() {
		return this.done.asMono();
	}

}
