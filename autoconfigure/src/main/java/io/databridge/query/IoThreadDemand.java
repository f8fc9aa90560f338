package io.databridge.query;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.util.context.Context;

/**
 * A publisher of a connection's results or rows whose subscriber's demand reaches the
 * driver on the connection's {@link IoThread}. r2dbc-postgresql emits a message on the
 * event loop while none is buffered, and drains buffered messages on the thread that
 * requests more; the two paths are not guarded against each other, so a request from
 * another thread (a {@code publishOn}, a WebFlux response writer) can let a newer row
 * overtake one being drained. Requests made on the I/O thread pass straight through.
 *
 * @param <T> the type of the items
 * @author Databridge team
 */
final class IoThreadDemand<T> extends FluxOperator<T, T> {

	private final IoThread ioThread;

	IoThreadDemand(Flux<? extends T> source, IoThread ioThread) {
		super(source);
		this.ioThread = ioThread;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new DemandSubscriber<>(actual, this.ioThread));
	}

	private static final class DemandSubscriber<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final IoThread ioThread;

		private Subscription upstream;

		DemandSubscriber(CoreSubscriber<? super T> actual, IoThread ioThread) {
			this.actual = actual;
			this.ioThread = ioThread;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}

		@Override
		public void onNext(T item) {
			this.actual.onNext(item);
		}

		@Override
		public void onError(Throwable error) {
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			if (this.ioThread.isCurrent()) {
				this.upstream.request(n);
			}
			else {
				this.ioThread.schedule(() -> this.upstream.request(n));
			}
		}

		@Override
		public void cancel() {
			this.upstream.cancel();
		}

	}

}
