package io.databridge.query;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;

/**
 * A {@link Result} whose reading is reported to the {@link ExecutionTracker} of the
 * execution that produced it.
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
		return this.tracker.read(this.delegate.getRowsUpdated());
	}

	@Override
	public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
		return this.tracker.read(this.delegate.map(mappingFunction));
	}

	@Override
	public <T> Publisher<T> map(Function<? super Readable, ? extends T> mappingFunction) {
		return this.tracker.read(this.delegate.map(mappingFunction));
	}

	@Override
	public Result filter(Predicate<Segment> filter) {
		return new TrackedResult(this.delegate.filter(filter), this.tracker);
	}

	@Override
	public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mappingFunction) {
		return this.tracker.read(this.delegate.flatMap(mappingFunction));
	}

}
