package io.databridge.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.pool.PooledRef;
import reactor.util.context.Context;

/**
 * Hands a pooled connection to exactly one owner: the caller, or, if the caller cancelled
 * first, the pool again. Reactor operators may still deliver, drop or discard a value
 * after a cancellation that raced with it; every such path ends here and gives the
 * connection back, so a cancelled acquire never leaks a connection.
 *
 * @author Databridge team
 */
final class AcquisitionHandoff extends BaseSubscriber<PooledRef<PoolEntry>> {

	private static final int WAITING = 0;

	private static final int DELIVERED = 1;

	private static final int CANCELLED = 2;

	private static final String ON_NEXT_DROPPED = "reactor.onNextDropped.local";

	private final MonoSink<Connection> sink;

	private final Function<PooledRef<PoolEntry>, Connection> lease;

	private final Consumer<Object> giveBack;

	private final Context context;

	private final AtomicInteger state = new AtomicInteger();

	private AcquisitionHandoff(MonoSink<Connection> sink, Function<PooledRef<PoolEntry>, Connection> lease,
			Consumer<Object> giveBack) {
		this.sink = sink;
		this.lease = lease;
		this.giveBack = giveBack;
		this.context = Operators.enableOnDiscard(Context.of(sink.contextView()).put(ON_NEXT_DROPPED, giveBack),
				giveBack);
	}

	/**
	 * Returns a {@link Mono} that acquires a connection from the given source and leases
	 * it to its subscriber.
	 * @param source acquires a pooled connection
	 * @param lease turns the pooled connection into the caller's connection
	 * @param giveBack gives back a pooled connection, or a leased one, nobody owns
	 * @return the caller's connection
	 */
	static Mono<Connection> acquire(Mono<PooledRef<PoolEntry>> source, Function<PooledRef<PoolEntry>, Connection> lease,
			Consumer<Object> giveBack) {
		return Mono.<Connection>create((sink) -> {
			AcquisitionHandoff handoff = new AcquisitionHandoff(sink, lease, giveBack);
			sink.onCancel(handoff::callerCancelled);
			source.subscribe(handoff);
		}).doOnDiscard(Connection.class, giveBack::accept);
	}

	@Override
	public Context currentContext() {
		return this.context;
	}

	@Override
	protected void hookOnNext(PooledRef<PoolEntry> ref) {
		if (this.state.compareAndSet(WAITING, DELIVERED)) {
			this.sink.success(this.lease.apply(ref));
		}
		else {
			this.giveBack.accept(ref);
		}
	}

	@Override
	protected void hookOnError(Throwable error) {
		if (this.state.compareAndSet(WAITING, DELIVERED)) {
			this.sink.error(error);
		}
	}

	@Override
	protected void hookOnComplete() {
		if (this.state.compareAndSet(WAITING, DELIVERED)) {
			this.sink.success();
		}
	}

	private void callerCancelled() {
		if (this.state.compareAndSet(WAITING, CANCELLED)) {
			cancel();
		}
	}

}
