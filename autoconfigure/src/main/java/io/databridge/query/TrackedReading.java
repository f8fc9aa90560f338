package io.databridge.query;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * The reading of one result (its rows, or its update count), followed to its end in one
 * operator:
 * <ul>
 * <li><b>Demand on the I/O thread.</b> The subscriber's demand reaches the driver on the
 * connection's {@link IoThread}, when it is known.</li>
 * <li><b>Drain on cancel.</b> A cancel is not passed on to the driver: the {@link Drain}
 * starts, every remaining item is requested and dropped, and the end of the result (or
 * its error) is reported to the {@link Listener} instead of the subscriber. That end is
 * when the driver is done with the statement, and so when the connection may serve
 * another caller. Cancelling after the subscriber first cancelled, or after the end, does
 * nothing.</li>
 * <li><b>Ends reported first.</b> The listener hears of the end of a reading before its
 * subscriber does, so that a caller that gives the connection back as soon as it has read
 * finds the statement done.</li>
 * </ul>
 *
 * @param <T> the type of the items
 * @author Databridge team
 */
final class TrackedReading<T> extends Flux<T> {

	private final Publisher<? extends T> source;

	private final Drain drain;

	private final @Nullable IoThread ioThread;

	private final Listener listener;

	/**
	 * Creates a tracked reading.
	 * @param source the driver's reading
	 * @param drain the drain, started on cancel
	 * @param ioThread the thread that does the connection's I/O, or {@code null} if the
	 * driver does not tell
	 * @param listener told of the end of the reading
	 */
	TrackedReading(Publisher<? extends T> source, Drain drain, @Nullable IoThread ioThread, Listener listener) {
		this.source = source;
		this.drain = drain;
		this.ioThread = ioThread;
		this.listener = listener;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new ReadingSubscriber<>(actual, this));
	}

	/**
	 * Told of the end of a reading, once.
	 */
	interface Listener {

		/**
		 * The reading completed while its subscriber was reading.
		 */
		void readToEnd();

		/**
		 * The reading failed while its subscriber was reading.
		 * @param error the error
		 */
		void failed(Throwable error);

		/**
		 * The reading, which its subscriber had cancelled, has been drained to its end.
		 * @param error the error it ended with, or {@code null} once complete
		 */
		void drained(@Nullable Throwable error);

	}

	private static final class ReadingSubscriber<T> extends RelayingSubscriber<T, T> {

		private static final int READING = 0;

		private static final int DRAINING = 1;

		private static final int DONE = 2;

		private final AtomicInteger state = new AtomicInteger(READING);

		private final TrackedReading<T> reading;

		ReadingSubscriber(CoreSubscriber<? super T> actual, TrackedReading<T> reading) {
			super(actual);
			this.reading = reading;
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
				this.reading.listener.failed(error);
				this.actual.onError(error);
			}
			else if (this.state.compareAndSet(DRAINING, DONE)) {
				this.reading.listener.drained(error);
			}
		}

		@Override
		public void onComplete() {
			if (this.state.compareAndSet(READING, DONE)) {
				this.reading.listener.readToEnd();
				this.actual.onComplete();
			}
			else if (this.state.compareAndSet(DRAINING, DONE)) {
				this.reading.listener.drained(null);
			}
		}

		@Override
		public void request(long n) {
			if (this.state.get() == READING) {
				IoThread.request(this.reading.ioThread, upstream(), n);
			}
		}

		@Override
		public void cancel() {
			if (this.state.compareAndSet(READING, DRAINING)) {
				this.reading.drain.start();
				IoThread.request(this.reading.ioThread, upstream(), Long.MAX_VALUE);
			}
		}

	}

}
