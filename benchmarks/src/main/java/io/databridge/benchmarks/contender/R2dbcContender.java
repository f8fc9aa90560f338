package io.databridge.benchmarks.contender;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import io.databridge.benchmarks.server.Dataset;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A contender that is an R2DBC {@link ConnectionFactory}: Databridge, r2dbc-pool or what
 * Spring Boot builds. Every one runs the same code, so only the pool differs: borrow with
 * {@code create()}, run a statement with a bound parameter, read every row, close.
 *
 * @author Databridge team
 */
public final class R2dbcContender implements Contender {

	private final String name;

	private final String description;

	private final ConnectionFactory connectionFactory;

	private final AutoCloseable owner;

	private final Supplier<String> details;

	private final SpringCalls spring;

	R2dbcContender(String name, String description, ConnectionFactory connectionFactory, AutoCloseable owner,
			Supplier<String> details) {
		this.name = name;
		this.description = description;
		this.connectionFactory = connectionFactory;
		this.owner = owner;
		this.details = details;
		this.spring = new SpringCalls(connectionFactory);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return this.description;
	}

	@Override
	public String details() {
		return this.details.get();
	}

	/**
	 * Returns the connection factory, for workloads that use one contender's connections
	 * directly.
	 * @return the connection factory
	 */
	public ConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	@Override
	public CompletionStage<?> pointSelect(int aid) {
		return withConnection(
				(connection) -> readAll(connection.createStatement(Dataset.POINT_SELECT).bind(0, aid).execute()))
			.toFuture();
	}

	@Override
	public CompletionStage<?> insert(int aid, int delta) {
		return withConnection((connection) -> Flux
			.from(connection.createStatement(Dataset.INSERT).bind(0, aid).bind(1, delta).execute())
			.flatMap(Result::getRowsUpdated)
			.then()).toFuture();
	}

	@Override
	public CompletionStage<?> spring(SpringShape shape, int aid) {
		return this.spring.run(shape, aid).toFuture();
	}

	@Override
	public boolean runsSpring() {
		return true;
	}

	@Override
	public CompletionStage<Long> timedAcquire(int aid) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			long[] waited = new long[1];
			return withConnection((connection) -> {
				waited[0] = System.nanoTime() - start;
				return readAll(connection.createStatement(Dataset.POINT_SELECT).bind(0, aid).execute());
			}).then(Mono.fromSupplier(() -> waited[0]));
		}).toFuture();
	}

	private Mono<Void> withConnection(Function<Connection, Mono<Void>> work) {
		return Mono.usingWhen(this.connectionFactory.create(), work, Connection::close);
	}

	private static Mono<Void> readAll(org.reactivestreams.Publisher<? extends Result> results) {
		return Flux.from(results).flatMap((result) -> result.map((row, metadata) -> row.get(0, Integer.class))).then();
	}

	@Override
	public void close() {
		try {
			this.owner.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not close " + this.name, ex);
		}
	}

}
