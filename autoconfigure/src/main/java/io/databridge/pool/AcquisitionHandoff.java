package io.databridge.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.r2dbc.spi.Connection;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * Hands a pooled connection to exactly one owner: the caller, or, if the caller cancelled
 * or the deadline passed first, the pool again. Reactor operators may still deliver, drop
 * or discard a value after a cancellation that raced with it; every such path ends here
 * and gives the connection back, so a cancelled acquire never leaks a connection.
 * <p>
 * The deadline costs nothing when a connection is at hand: its timer is scheduled only if
 * the source has not delivered by the time the subscription returns, which is when the
 * caller has to wait for a connection or for one to be opened.
 *
 * @author Databridge team
 */
final class AcquisitionHandoff extends BaseSubscriber<PooledRef<PoolEntry>> {

	private static final int WAITING = 0;

	private static final int DONE = 1;

	private static final String ON_NEXT_DROPPED = "reactor.onNextDropped.local";

	private static final Scheduler TIMER = Schedulers.parallel();

	private final MonoSink<Connection> sink;

	private final Function<PooledRef<PoolEntry>, Connection> lease;

	private final Consumer<Object> giveBack;

	private final Supplier<Throwable> timedOut;

	private final Context context;

	private final AtomicInteger state = new AtomicInteger();

	private volatile @Nullable Disposable timer;

	private AcquisitionHandoff(MonoSink<Connection> sink, Function<PooledRef<PoolEntry>, Connection> lease,
			Consumer<Object> giveBack, Supplier<Throwable> timedOut) {
		this.sink = sink;
		this.lease = lease;
		this.giveBack = giveBack;
		this.timedOut = timedOut;
		this.context = Operators.enableOnDiscard(Context.of(sink.contextView()).put(ON_NEXT_DROPPED, giveBack),
				giveBack);
	}

	/**
	 * Returns a {@link Mono} that acquires a connection from the given source and leases
	 * it to its subscriber.
	 * @param source acquires a pooled connection
	 * @param lease turns the pooled connection into the caller's connection
	 * @param giveBack gives back a pooled connection, or a leased one, nobody owns
	 * @param deadline the {@link System#nanoTime() time} by which a connection must be
	 * delivered
	 * @param timedOut supplies the error to end with when the deadline passes
	 * @return the caller's connection
	 */
	static Mono<Connection> acquire(Mono<PooledRef<PoolEntry>> source, Function<PooledRef<PoolEntry>, Connection> lease,
			Consumer<Object> giveBack, long deadline, Supplier<Throwable> timedOut) {
		return Mono.<Connection>create((sink) -> {
			AcquisitionHandoff handoff = new AcquisitionHandoff(sink, lease, giveBack, timedOut);
			sink.onCancel(handoff::callerCancelled);
			source.subscribe(handoff);
			handoff.startDeadline(deadline);
		}).doOnDiscard(Connection.class, giveBack::accept);
	}

	private void startDeadline(long deadline) {
		if (this.state.get() != WAITING) {
			return;
		}
		this.timer = TIMER.schedule(this::deadlinePassed, Math.max(0, deadline - System.nanoTime()),
				TimeUnit.NANOSECONDS);
		if (this.state.get() != WAITING) {
			stopDeadline();
		}
	}

	private void stopDeadline() {
		Disposable timer = this.timer;
		if (timer != null) {
			timer.dispose();
		}
	}

	private void deadlinePassed() {
		if (this.state.compareAndSet(WAITING, DONE)) {
			cancel();
			this.sink.error(this.timedOut.get());
		}
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	protected void hookOnNext(PooledRef<PoolEntry> ref) {
		if (this.state.compareAndSet(WAITING, DONE)) {
			stopDeadline();
			this.sink.success(this.lease.apply(ref));
		}
		else {
			this.giveBack.accept(ref);
		}
	}

	@Override
	protected void hookOnError(Throwable error) {
		if (this.state.compareAndSet(WAITING, DONE)) {
			stopDeadline();
			this.sink.error(error);
		}
	}

	@Override
	protected void hookOnComplete() {
		if (this.state.compareAndSet(WAITING, DONE)) {
			stopDeadline();
			this.sink.success();
		}
	}

	private void callerCancelled() {
		if (this.state.compareAndSet(WAITING, DONE)) {
			stopDeadline();
			cancel();
		}
	}

}
