package io.databridge.query;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A {@link Result} whose reading is reported to the {@link ExecutionTracker} of the
 * execution that produced it. A reading its subscriber cancels is {@link TrackedReading
 * drained}: the caller's mapping is skipped for the rows that arrive after the cancel.
 *
 * @author Databridge team
 */
final class TrackedResult implements Result {

	private final Result delegate;

	private final ExecutionTracker tracker;

	TrackedResult(Result delegate, ExecutionTracker tracker) {
		this.delegate = delegate;
		this.tracker = tracker;
	}

	@Override
	public Publisher<Long> getRowsUpdated() {
		return this.tracker.read(this.delegate.getRowsUpdated(), new Drain());
	}

	@Override
	public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
		Drain drain = new Drain();
		return this.tracker.read(
				this.delegate
					.map((row, metadata) -> drain.isActive() ? Drain.skipped() : mappingFunction.apply(row, metadata)),
				drain);
	}

	@Override
	public <T> Publisher<T> map(Function<? super Readable, ? extends T> mappingFunction) {
		Drain drain = new Drain();
		return this.tracker.read(
				this.delegate.map((readable) -> drain.isActive() ? Drain.skipped() : mappingFunction.apply(readable)),
				drain);
	}

	@Override
	public Result filter(Predicate<Segment> filter) {
		return new TrackedResult(this.delegate.filter(filter), this.tracker);
	}

	@Override
	public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mappingFunction) {
		Drain drain = new Drain();
		return this.tracker.read(
				this.delegate.flatMap((segment) -> drain.isActive() ? Mono.<T>empty() : mappingFunction.apply(segment)),
				drain);
	}

}
