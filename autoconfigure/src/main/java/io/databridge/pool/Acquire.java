package io.databridge.pool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

import io.databridge.query.IoThread;
import io.databridge.query.QueryInstrumentation;
import io.r2dbc.spi.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * A caller's acquire of a connection from a {@link DatabridgeConnectionPool}, from
 * subscription to hand-over. This is the one place that owns an acquire's life:
 * <ul>
 * <li><b>Deadline.</b> The acquire ends with a {@link ConnectionAcquireTimeoutException}
 * once the acquire timeout has passed since subscription, naming the last transient
 * failure the pool retried. The pool's attempts never check the time themselves; the
 * deadline cancels them. It costs nothing when a connection is at hand: it is timed (by
 * the pool's {@link Deadlines}) only if no connection was delivered by the time the
 * subscription returns, which is when the caller has to wait for a connection or for one
 * to be opened.</li>
 * <li><b>One owner.</b> A pooled connection goes to exactly one owner: the caller, or, if
 * the caller cancelled or the deadline passed first, the pool again. Reactor operators
 * may still deliver, drop or discard a value after a cancellation that raced with it;
 * every such path ends here ({@link Unclaimed}) and gives the connection back, so a
 * cancelled acquire never leaks a connection.</li>
 * <li><b>Home thread.</b> The connection reaches the caller on the thread that does its
 * I/O (the channel's event loop, for r2dbc-postgresql), so that the caller's statements
 * are written from there.</li>
 * </ul>
 * Each subscription is one {@link Handoff}, which is both the caller's subscription and
 * the subscriber of the pool's attempts; the attempts see a context built once per pool
 * rather than a copy of the caller's: an acquire allocates no operators, sinks or
 * contexts of its own.
 *
 * @author Databridge team
 */
final class Acquire extends Mono<Connection> {

	private static final Log logger = LogFactory.getLog(Acquire.class);

	private final DatabridgeConnectionPool pool;

	private final QueryInstrumentation instrumentation;

	/**
	 * Creates an acquire from the given pool.
	 * @param pool the pool
	 * @param instrumentation instruments the statements of the connection handed out
	 */
	Acquire(DatabridgeConnectionPool pool, QueryInstrumentation instrumentation) {
		this.pool = pool;
		this.instrumentation = instrumentation;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Connection> actual) {
		Handoff handoff = new Handoff(actual, this.pool, this.instrumentation);
		actual.onSubscribe(handoff);
		this.pool.attempt(handoff, 0).subscribe(handoff);
		handoff.startDeadline();
	}

	/**
	 * One subscription to an {@link Acquire}: hands a pooled connection to exactly one
	 * owner, and ends the acquire when its deadline passes.
	 */
	static final class Handoff extends Operators.MonoSubscriber<PooledRef<PoolEntry>, Connection>
			implements Deadlines.Waiter {

		private static final int WAITING = 0;

		private static final int DONE = 1;

		private static final AtomicIntegerFieldUpdater<Handoff> STATE = AtomicIntegerFieldUpdater
			.newUpdater(Handoff.class, "state");

		private static final AtomicReferenceFieldUpdater<Handoff, @Nullable Subscription> UPSTREAM = AtomicReferenceFieldUpdater
			.newUpdater(Handoff.class, Subscription.class, "upstream");

		private final DatabridgeConnectionPool pool;

		private final QueryInstrumentation instrumentation;

		private final long start;

		private final long deadline;

		private final LeakDetector.@Nullable AcquisitionSite site;

		private volatile int state;

		private volatile @Nullable Subscription upstream;

		private volatile boolean timed;

		private volatile @Nullable Throwable lastFailure;

		private Handoff(CoreSubscriber<? super Connection> actual, DatabridgeConnectionPool pool,
				QueryInstrumentation instrumentation) {
			super(actual);
			this.pool = pool;
			this.instrumentation = instrumentation;
			this.start = System.nanoTime();
			this.deadline = this.start + pool.getSettings().acquireTimeout().toNanos();
			this.site = pool.leakDetector().site();
		}

		/**
		 * Records a transient failure that the pool is about to retry, to be named if the
		 * deadline passes before a connection is delivered.
		 * @param failure the failure
		 */
		void retrying(Throwable failure) {
			this.lastFailure = failure;
		}

		/**
		 * Returns the last transient failure the pool retried for this acquire.
		 * @return the failure, or {@code null} if none
		 */
		@Nullable Throwable lastFailure() {
			return this.lastFailure;
		}

		private void startDeadline() {
			if (this.state != WAITING) {
				return;
			}
			this.timed = true;
			this.pool.deadlines().add(this);
			if (this.state != WAITING) {
				stopDeadline();
			}
		}

		private void stopDeadline() {
			if (this.timed) {
				this.pool.deadlines().remove(this);
			}
		}

		@Override
		public long deadline() {
			return this.deadline;
		}

		@Override
		public void deadlinePassed() {
			if (STATE.compareAndSet(this, WAITING, DONE)) {
				Operators.terminate(UPSTREAM, this);
				fail(this.pool.timedOut(this.lastFailure));
			}
		}

		@Override
		public Context currentContext() {
			return this.pool.unclaimed().context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.setOnce(UPSTREAM, this, subscription)) {
				if (this.state == WAITING) {
					subscription.request(Long.MAX_VALUE);
				}
				else {
					Operators.terminate(UPSTREAM, this);
				}
			}
		}

		@Override
		public void onNext(PooledRef<PoolEntry> ref) {
			if (STATE.compareAndSet(this, WAITING, DONE)) {
				stopDeadline();
				deliverAtHome(ref);
			}
			else {
				this.pool.unclaimed().giveBack.accept(ref);
			}
		}

		/**
		 * Hands the connection over on the thread that does its I/O. The pool delivers a
		 * connection on whichever thread gave one back or drained its queue, often
		 * another connection's event loop; a caller served there would write its
		 * statement from a foreign thread, which costs the connection's own loop a task
		 * and a wake-up for every statement, and leaves cores idle between them. When the
		 * driver names no scheduler, or the event loop takes no more tasks, the
		 * connection is handed over on the current thread.
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
				this.pool.unclaimed().giveBack.accept(ref);
				return;
			}
			Connection connection = this.pool.lease(ref, this.instrumentation, this.start, this.site);
			LeaseScope scope = LeaseScope.in(this.actual.currentContext());
			if (scope != null) {
				scope.leased(connection);
			}
			complete(connection);
		}

		@Override
		public void onError(Throwable error) {
			if (STATE.compareAndSet(this, WAITING, DONE)) {
				stopDeadline();
				fail(error);
			}
		}

		private void fail(Throwable error) {
			this.pool.listener().acquireFailed(System.nanoTime() - this.start, error);
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			if (STATE.compareAndSet(this, WAITING, DONE)) {
				stopDeadline();
				this.actual.onComplete();
			}
		}

		@Override
		public void cancel() {
			if (STATE.compareAndSet(this, WAITING, DONE)) {
				stopDeadline();
				Operators.terminate(UPSTREAM, this);
			}
			super.cancel();
		}

		@Override
		protected void discard(@Nullable Connection connection) {
			if (connection != null) {
				this.pool.unclaimed().giveBack.accept(connection);
			}
		}

	}

	/**
	 * Where a pool's connections that nobody owns go, and the context through which the
	 * attempts of an acquire drop or discard them there. Built once per pool. An attempt
	 * that fails after its acquire ended (its deadline passed, or the caller cancelled)
	 * has nobody to tell: its failure is logged at debug level rather than as Reactor's
	 * default error.
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
			this.context = Operators.enableOnDiscard(Context.of(ConnectionOpener.ON_NEXT_DROPPED, giveBack,
					ConnectionOpener.ON_ERROR_DROPPED, (Consumer<Throwable>) Unclaimed::failureDropped), giveBack);
		}

		private static void failureDropped(Throwable error) {
			if (logger.isDebugEnabled()) {
				logger.debug("An attempt to acquire a connection failed after its acquire ended", error);
			}
		}

	}

}
