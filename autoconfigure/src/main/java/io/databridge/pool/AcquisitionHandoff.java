package io.databridge.pool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.databridge.query.IoThread;
import io.r2dbc.spi.Connection;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * Hands a pooled connection to exactly one owner: the caller, or, if the caller cancelled
 * or the deadline passed first, the pool again. Reactor operators may still deliver, drop
 * or discard a value after a cancellation that raced with it; every such path ends here
 * and gives the connection back, so a cancelled acquire never leaks a connection.
 * <p>
 * The deadline costs nothing when a connection is at hand: it is timed (by the pool's
 * {@link AcquireDeadlines}) only if the source has not delivered by the time the
 * subscription returns, which is when the caller has to wait for a connection or for one
 * to be opened.
 * <p>
 * The connection reaches the caller on the thread that does its I/O (the channel's event
 * loop, for r2dbc-postgresql), so that the caller's statements are written from there.
 * <p>
 * One object is the caller's subscription and the source's subscriber, and the source
 * sees a context built once per pool ({@link Unclaimed}) rather than a copy of the
 * caller's: an acquire allocates no operators, sinks or contexts of its own.
 *
 * @author Databridge team
 */
final class AcquisitionHandoff extends Operators.MonoSubscriber<PooledRef<PoolEntry>, Connection>
		implements AcquireDeadlines.Waiter {

	private static final int WAITING = 0;

	private static final int DONE = 1;

	private static final AtomicIntegerFieldUpdater<AcquisitionHandoff> HANDOFF = AtomicIntegerFieldUpdater
		.newUpdater(AcquisitionHandoff.class, "handoff");

	private static final AtomicReferenceFieldUpdater<AcquisitionHandoff, @Nullable Subscription> UPSTREAM = AtomicReferenceFieldUpdater
		.newUpdater(AcquisitionHandoff.class, Subscription.class, "upstream");

	private final Handoff parent;

	private volatile int handoff;

	private volatile @Nullable Subscription upstream;

	private volatile boolean timed;

	private AcquisitionHandoff(CoreSubscriber<? super Connection> actual, Handoff parent) {
		super(actual);
		this.parent = parent;
	}

	/**
	 * Returns a {@link Mono} that acquires a connection from the given source and leases
	 * it to its subscriber.
	 * @param source acquires a pooled connection
	 * @param lease turns the pooled connection into the caller's connection
	 * @param unclaimed where a connection nobody owns goes
	 * @param deadlines the pool's deadlines, which time the acquire while it waits
	 * @param deadline the time, on the clock of {@code deadlines}, by which a connection
	 * must be delivered
	 * @param timedOut supplies the error to end with when the deadline passes
	 * @return the caller's connection
	 */
	static Mono<Connection> acquire(Mono<PooledRef<PoolEntry>> source, Function<PooledRef<PoolEntry>, Connection> lease,
			Unclaimed unclaimed, AcquireDeadlines deadlines, long deadline, Supplier<Throwable> timedOut) {
		return new Handoff(source, lease, unclaimed, deadlines, deadline, timedOut);
	}

	private void startDeadline() {
		if (this.handoff != WAITING) {
			return;
		}
		this.timed = true;
		this.parent.deadlines.add(this);
		if (this.handoff != WAITING) {
			stopDeadline();
		}
	}

	private void stopDeadline() {
		if (this.timed) {
			this.parent.deadlines.remove(this);
		}
	}

	@Override
	public long deadline() {
		return this.parent.deadline;
	}

	@Override
	public void deadlinePassed() {
		if (HANDOFF.compareAndSet(this, WAITING, DONE)) {
			Operators.terminate(UPSTREAM, this);
			this.actual.onError(this.parent.timedOut.get());
		}
	}

	@Override
	public Context currentContext() {
		return this.parent.unclaimed.context;
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		if (Operators.setOnce(UPSTREAM, this, subscription)) {
			if (this.handoff == WAITING) {
				subscription.request(Long.MAX_VALUE);
			}
			else {
				Operators.terminate(UPSTREAM, this);
			}
		}
	}

	@Override
	public void onNext(PooledRef<PoolEntry> ref) {
		if (HANDOFF.compareAndSet(this, WAITING, DONE)) {
			stopDeadline();
			deliverAtHome(ref);
		}
		else {
			this.parent.unclaimed.giveBack.accept(ref);
		}
	}

	/**
	 * Hands the connection over on the thread that does its I/O. The pool delivers a
	 * connection on whichever thread gave one back or drained its queue, often another
	 * connection's event loop; a caller served there would write its statement from a
	 * foreign thread, which costs the connection's own loop a task and a wake-up for
	 * every statement, and leaves cores idle between them. When the driver names no
	 * scheduler, or the event loop takes no more tasks, the connection is handed over on
	 * the current thread.
	 */
	private void deliverAtHome(PooledRef<PoolEntry> ref) {
		IoThread home = ref.poolable().ioThread();
		if (home != null) {
			home.schedule(() -> deliver(ref));
		}
		else {
			deliver(ref);
		}
	}

	private void deliver(PooledRef<PoolEntry> ref) {
		if (isCancelled()) {
			this.parent.unclaimed.giveBack.accept(ref);
			return;
		}
		complete(this.parent.lease.apply(ref));
	}

	@Override
	public void onError(Throwable error) {
		if (HANDOFF.compareAndSet(this, WAITING, DONE)) {
			stopDeadline();
			this.actual.onError(error);
		}
	}

	@Override
	public void onComplete() {
		if (HANDOFF.compareAndSet(this, WAITING, DONE)) {
			stopDeadline();
			this.actual.onComplete();
		}
	}

	@Override
	public void cancel() {
		if (HANDOFF.compareAndSet(this, WAITING, DONE)) {
			stopDeadline();
			Operators.terminate(UPSTREAM, this);
		}
		super.cancel();
	}

	@Override
	protected void discard(@Nullable Connection connection) {
		if (connection != null) {
			this.parent.unclaimed.giveBack.accept(connection);
		}
	}

	/**
	 * Where a pool's connections that nobody owns go, and the context through which the
	 * source of an acquire drops or discards them there. Built once per pool.
	 */
	static final class Unclaimed {

		private final Consumer<Object> giveBack;

		private final Context context;

		/**
		 * Creates the destination for connections nobody owns.
		 * @param giveBack gives back a pooled connection, or a leased one
		 */
		Unclaimed(Consumer<Object> giveBack) {
			this.giveBack = giveBack;
			this.context = Operators.enableOnDiscard(Context.of(ConnectionPoolFactory.ON_NEXT_DROPPED, giveBack),
					giveBack);
		}

	}

	/**
	 * The {@link Mono} an acquire returns: each subscription is one hand-off.
	 */
	private static final class Handoff extends Mono<Connection> {

		private final Mono<PooledRef<PoolEntry>> source;

		private final Function<PooledRef<PoolEntry>, Connection> lease;

		private final Unclaimed unclaimed;

		private final AcquireDeadlines deadlines;

		private final long deadline;

		private final Supplier<Throwable> timedOut;

		Handoff(Mono<PooledRef<PoolEntry>> source, Function<PooledRef<PoolEntry>, Connection> lease,
				Unclaimed unclaimed, AcquireDeadlines deadlines, long deadline, Supplier<Throwable> timedOut) {
			this.source = source;
			this.lease = lease;
			this.unclaimed = unclaimed;
			this.deadlines = deadlines;
			this.deadline = deadline;
			this.timedOut = timedOut;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Connection> actual) {
			AcquisitionHandoff handoff = new AcquisitionHandoff(actual, this);
			actual.onSubscribe(handoff);
			this.source.subscribe(handoff);
			handoff.startDeadline();
		}

	}

}
