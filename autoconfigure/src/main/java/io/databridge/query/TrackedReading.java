package io.databridge.query;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The rows (or update counts) of one result, read to the end even when the subscriber
 * cancels. A cancel is not passed on to the driver: the {@link Drain} starts, every
 * remaining item is requested and dropped, and the end of the result (or its error) is
 * reported to a callback instead of the subscriber. That end is when the driver is done
 * with the statement, and so when the connection may serve another caller. Cancelling
 * after the subscriber first cancelled, or after the end, does nothing.
 *
 * @param <T> the type of the items
 * @author Databridge team
 */
final class DrainOnCancel<T> extends FluxOperator<T, T> {

	private final Drain drain;

	private final Consumer<@Nullable Throwable> drained;

	/**
	 * Creates a reading that drains on cancel.
	 * @param source the driver's reading
	 * @param drain the drain, started on cancel
	 * @param drained told of the end of a drained reading: {@code null} once complete, or
	 * the error it ended with
	 */
	DrainOnCancel(Flux<? extends T> source, Drain drain, Consumer<@Nullable Throwable> drained) {
		super(source);
		this.drain = drain;
		this.drained = drained;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new DrainingSubscriber<>(actual, this.drain, this.drained));
	}

	private static final class DrainingSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private static final int READING = 0;

		private static final int DRAINING = 1;

		private static final int DONE = 2;

		private final AtomicInteger state = new AtomicInteger(READING);

		private final CoreSubscriber<? super T> actual;

		private final Drain drain;

		private final Consumer<@Nullable Throwable> drained;

		private @Nullable Subscription upstream;

		DrainingSubscriber(CoreSubscriber<? super T> actual, Drain drain, Consumer<@Nullable Throwable> drained) {
			this.actual = actual;
			this.drain = drain;
			this.drained = drained;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T item) {
			if (this.state.get() == READING) {
				this.actual.onNext(item);
			}
		}

		@Override
		public void onError(Throwable error) {
			if (this.state.compareAndSet(READING, DONE)) {
				this.actual.onError(error);
			}
			else if (this.state.compareAndSet(DRAINING, DONE)) {
				this.drained.accept(error);
			}
		}

		@Override
		public void onComplete() {
			if (this.state.compareAndSet(READING, DONE)) {
				this.actual.onComplete();
			}
			else if (this.state.compareAndSet(DRAINING, DONE)) {
				this.drained.accept(null);
			}
		}

		@Override
		public void request(long n) {
			if (this.state.get() == READING) {
				upstream().request(n);
			}
		}

		@Override
		public void cancel() {
			if (this.state.compareAndSet(READING, DRAINING)) {
				this.drain.start();
				upstream().request(Long.MAX_VALUE);
			}
		}

		private Subscription upstream() {
			Subscription upstream = this.upstream;
			if (upstream == null) {
				throw new IllegalStateException("Not subscribed");
			}
			return upstream;
		}

	}

}
