package io.databridge.query;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import org.reactivestreams.Publisher;

/**
 * A {@link Batch} whose executions are reported to a {@link QueryInstrumentation} as one
 * execution of operation {@link QueryOperation#BATCH}, its SQL the statements joined by
 * {@code "; "}.
 *
 * @author Databridge team
 */
final class InstrumentedBatch implements Batch {

	private final Batch delegate;

	private final QueryInstrumentation instrumentation;

	private final StringBuilder sql = new StringBuilder();

	InstrumentedBatch(Batch delegate, QueryInstrumentation instrumentation) {
		this.delegate = delegate;
		this.instrumentation = instrumentation;
	}

	@Override
	public Batch add(String sql) {
		this.delegate.add(sql);
		if (!this.sql.isEmpty()) {
			this.sql.append("; ");
		}
		this.sql.append(sql);
		return this;
	}

	@Override
	public Publisher<? extends Result> execute() {
		return this.instrumentation.execute(this.sql.toString(), QueryOperation.BATCH, this.delegate.execute());
	}

}
