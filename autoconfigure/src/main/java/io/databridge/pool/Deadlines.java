package io.databridge.pool;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.LongSupplier;

import reactor.core.scheduler.Scheduler;

/**
 * Deadlines of one kind, all equally long, kept under one timer: those of a pool's
 * acquires that wait for a connection, or those of its give-backs that wait for their
 * connection to be drained ({@link DrainWait}).
 * <p>
 * Every waiter of one kind may wait equally long, so deadlines fall due in the order in
 * which waiters began to wait. Waiters are therefore queued in that order and only the
 * first is timed: the pool has at most one timer task at a time, rescheduled once per
 * deadline that passes or once per acquire timeout, rather than a task scheduled and
 * cancelled on a shared executor for every acquire, which takes that executor's lock
 * twice per acquire.
 * <p>
 * An acquire leaves the queue when it gets its connection, fails or is cancelled, so the
 * queue holds no more than the acquires that wait. The pool serves waiting acquires in
 * order, so the one that leaves is usually first in the queue and leaves in constant
 * time; a cancelled one further back costs a walk to its place. When the timer finds
 * nothing waiting it is not scheduled again until an acquire waits: an idle pool has no
 * timer.
 * <p>
 * Two acquires that begin to wait at the same moment on two threads may be queued in the
 * opposite order of their deadlines; the later of the two then fails that much late.
 *
 * @author Databridge team
 */
final class Deadlines {

	private static final int IDLE = 0;

	private static final int SCHEDULED = 1;

	private static final AtomicIntegerFieldUpdater<Deadlines> TIMER_STATE = AtomicIntegerFieldUpdater
		.newUpdater(Deadlines.class, "timerState");

	private final Queue<Waiter> waiting;

	private final Scheduler timer;

	private final LongSupplier nanoTime;

	private volatile int timerState = IDLE;

	/**
	 * Creates deadlines kept under one timer.
	 * @param timer runs the task that fails waiting acquires whose deadline passed
	 * @param nanoTime the clock that deadlines are read against, in nanoseconds
	 */
	Deadlines(Scheduler timer, LongSupplier nanoTime) {
		this(timer, nanoTime, new ConcurrentLinkedQueue<>());
	}

	Deadlines(Scheduler timer, LongSupplier nanoTime, Queue<Waiter> waiting) {
		this.timer = timer;
		this.nanoTime = nanoTime;
		this.waiting = waiting;
	}

	/**
	 * Times the given acquire, which has begun to wait.
	 * @param waiter the waiting acquire
	 */
	void add(Waiter waiter) {
		this.waiting.offer(waiter);
		if (TIMER_STATE.compareAndSet(this, IDLE, SCHEDULED)) {
			schedule(waiter.deadline());
		}
	}

	/**
	 * Stops timing the given acquire, which no longer waits.
	 * @param waiter the acquire
	 */
	void remove(Waiter waiter) {
		this.waiting.remove(waiter);
	}

	/**
	 * Returns how many acquires are timed.
	 * @return the number of acquires that wait
	 */
	int size() {
		return this.waiting.size();
	}

	private void schedule(long deadline) {
		try {
			this.timer.schedule(this::expire, Math.max(0, deadline - this.nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			this.timerState = IDLE;
			throw ex;
		}
	}

	private void expire() {
		try {
			expireDue();
		}
		catch (RuntimeException | Error ex) {
			this.timerState = IDLE;
			rescheduleIfWaiting(this.nanoTime.getAsLong());
			throw ex;
		}
	}

	private void expireDue() {
		for (;;) {
			Waiter first = this.waiting.peek();
			if (first == null) {
				this.timerState = IDLE;
				if (this.waiting.isEmpty() || !TIMER_STATE.compareAndSet(this, IDLE, SCHEDULED)) {
					return;
				}
				continue;
			}
			long deadline = first.deadline();
			if (deadline - this.nanoTime.getAsLong() > 0) {
				schedule(deadline);
				return;
			}
			this.waiting.remove(first);
			first.deadlinePassed();
		}
	}

	private void rescheduleIfWaiting(long now) {
		if (!this.waiting.isEmpty() && TIMER_STATE.compareAndSet(this, IDLE, SCHEDULED)) {
			schedule(now);
		}
	}

	/**
	 * An acquire that waits for a connection until its deadline.
	 */
	interface Waiter {

		/**
		 * Returns the time, on the clock of its {@link Deadlines}, by which the acquire
		 * ends.
		 * @return the deadline in nanoseconds
		 */
		long deadline();

		/**
		 * Ends the acquire because its deadline passed, unless it has ended already.
		 */
		void deadlinePassed();

	}

}
