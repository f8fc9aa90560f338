package io.databridge.pool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.databridge.query.RelayingSubscriber;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A transaction operation of a leased connection (a begin, commit or rollback), followed
 * by its {@link Watch} from subscription to end in one operator. The watch hears of the
 * end before the subscriber does: a caller that gives the connection back as soon as the
 * operation completes, as a transaction manager does after a commit, finds no operation
 * running on it, and the connection goes straight back to the pool.
 *
 * @author Databridge team
 */
final class WatchedOperation extends Mono<Void> {

	private final Supplier<? extends Publisher<Void>> operation;

	private final Watch watch;

	/**
	 * Creates a watched operation.
	 * @param operation starts the driver's operation, called once per subscription that
	 * the watch lets run
	 * @param watch the watch
	 */
	WatchedOperation(Supplier<? extends Publisher<Void>> operation, Watch watch) {
		this.operation = operation;
		this.watch = watch;
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		RuntimeException refusal = this.watch.start();
		if (refusal != null) {
			Operators.error(actual, refusal);
			return;
		}
		Publisher<Void> source;
		try {
			source = this.operation.get();
		}
		catch (RuntimeException ex) {
			this.watch.ended(ex);
			Operators.error(actual, ex);
			return;
		}
		source.subscribe(new WatchingSubscriber(actual, this.watch));
	}

	/**
	 * Follows one operation on a connection.
	 */
	interface Watch {

		/**
		 * Starts the operation: counts it as running on the connection, unless it may not
		 * run.
		 * @return the failure to end the subscription with instead, or {@code null} once
		 * the operation counts as running
		 */
		@Nullable RuntimeException start();

		/**
		 * The operation ended, before its subscriber hears of it.
		 * @param error the error it ended with, or {@code null} once it completed
		 */
		void ended(@Nullable Throwable error);

		/**
		 * The subscriber cancelled the operation before it ended. That ends it, and
		 * leaves the state of the connection unknown.
		 */
		void cancelled();

	}

	private static final class WatchingSubscriber extends RelayingSubscriber<Void, Void> {

		private final Watch watch;

		private final AtomicBoolean ended = new AtomicBoolean();

		WatchingSubscriber(CoreSubscriber<? super Void> actual, Watch watch) {
			super(actual);
			this.watch = watch;
		}

		@Override
		public void onNext(Void item) {
			// A publisher of Void emits no items
		}

		@Override
		public void onError(Throwable error) {
			if (this.ended.compareAndSet(false, true)) {
				this.watch.ended(error);
				this.actual.onError(error);
			}
			else {
				Operators.onErrorDropped(error, currentContext());
			}
		}

		@Override
		public void onComplete() {
			if (this.ended.compareAndSet(false, true)) {
				this.watch.ended(null);
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			upstream().request(n);
		}

		@Override
		public void cancel() {
			if (this.ended.compareAndSet(false, true)) {
				this.watch.cancelled();
				upstream().cancel();
			}
		}

	}

}
