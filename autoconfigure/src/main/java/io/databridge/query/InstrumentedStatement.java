package io.databridge.query;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;

/**
 * A {@link Statement} whose executions are reported to a {@link QueryInstrumentation}.
 *
 * @author Databridge team
 */
final class InstrumentedStatement implements Statement {

	private final Statement delegate;

	private final String sql;

	private final QueryOperation operation;

	private final QueryInstrumentation instrumentation;

	InstrumentedStatement(Statement delegate, String sql, QueryInstrumentation instrumentation) {
		this.delegate = delegate;
		this.sql = sql;
		this.operation = QueryOperation.of(sql);
		this.instrumentation = instrumentation;
	}

	@Override
	public Statement add() {
		this.delegate.add();
		return this;
	}

	@Override
	public Statement bind(int index, Object value) {
		this.delegate.bind(index, value);
		return this;
	}

	@Override
	public Statement bind(String name, Object value) {
		this.delegate.bind(name, value);
		return this;
	}

	@Override
	public Statement bindNull(int index, Class<?> type) {
		this.delegate.bindNull(index, type);
		return this;
	}

	@Override
	public Statement bindNull(String name, Class<?> type) {
		this.delegate.bindNull(name, type);
		return this;
	}

	@Override
	public Statement returnGeneratedValues(String... columns) {
		this.delegate.returnGeneratedValues(columns);
		return this;
	}

	@Override
	public Statement fetchSize(int rows) {
		this.delegate.fetchSize(rows);
		return this;
	}

	/**
	 * Executes the statement. The driver's {@code execute()} is called at once, so that a
	 * statement it refuses (an incomplete binding) fails here, as the R2DBC SPI requires;
	 * its results are cold, so nothing reaches the server before subscription.
	 * @return the instrumented results
	 */
	@Override
	public Publisher<? extends Result> execute() {
		return this.instrumentation.execute(this.sql, this.operation, this.delegate.execute());
	}

}
