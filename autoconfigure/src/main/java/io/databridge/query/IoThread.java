package io.databridge.query;

import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.scheduler.Scheduler;

/**
 * The thread that does a connection's I/O: the event loop of its channel, as the driver
 * names it through a {@link Scheduler}. Work that must not race with the connection's
 * reading runs here; an event loop keeps its one thread for life, which is learned by
 * running a task on it once.
 *
 * @author Databridge team
 */
public final class IoThread {

	private final Scheduler scheduler;

	private volatile @Nullable Thread thread;

	private IoThread(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Returns the I/O thread that the given scheduler runs on, which must be a single
	 * thread, and starts learning which thread that is.
	 * @param scheduler the scheduler of the connection's event loop
	 * @return the I/O thread
	 */
	public static IoThread of(Scheduler scheduler) {
		IoThread ioThread = new IoThread(scheduler);
		ioThread.learnThread();
		return ioThread;
	}

	private void learnThread() {
		try {
			this.scheduler.schedule(() -> this.thread = Thread.currentThread());
		}
		catch (RejectedExecutionException ex) {
			// The event loop is shutting down, and the thread stays unknown
		}
	}

	/**
	 * Returns whether the caller runs on this I/O thread. Until the thread is learned,
	 * which takes one task on its event loop, no caller does.
	 * @return whether the current thread is this I/O thread
	 */
	public boolean isCurrent() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Passes a subscriber's demand to the driver's subscription on this I/O thread.
	 * r2dbc-postgresql emits a message on the event loop while none is buffered, and
	 * drains buffered messages on the thread that requests more; the two paths are not
	 * guarded against each other, so a request from another thread (a {@code publishOn},
	 * a WebFlux response writer) could let a newer row overtake one being drained. A
	 * request made on the I/O thread passes straight through.
	 * @param ioThread the connection's I/O thread, or {@code null} if the driver does not
	 * tell, in which case the demand passes straight through
	 * @param subscription the driver's subscription
	 * @param n the demand
	 */
	static void request(@Nullable IoThread ioThread, Subscription subscription, long n) {
		if (ioThread == null || ioThread.isCurrent()) {
			subscription.request(n);
		}
		else {
			ioThread.schedule(() -> subscription.request(n));
		}
	}

	/**
	 * Schedules the given task on this I/O thread's event loop, even when called there,
	 * so that it runs after the tasks already queued. When the event loop takes no more
	 * tasks, as it shuts down, the task runs on the current thread.
	 * @param task the task to run
	 */
	public void schedule(Runnable task) {
		try {
			this.scheduler.schedule(task);
		}
		catch (RejectedExecutionException ex) {
			task.run();
		}
	}

	@Override
	public String toString() {
		return "IoThread[" + this.scheduler + "]";
	}

}
