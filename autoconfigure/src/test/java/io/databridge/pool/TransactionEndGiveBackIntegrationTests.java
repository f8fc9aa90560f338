package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks how a connection goes back to the pool at the end of a transaction: given back
 * from the commit's or rollback's own completion, as a transaction manager does, it is
 * pooled again at once, with nothing left to wait for; given back while the commit still
 * runs, it waits for the commit and is then pooled again, not closed.
 *
 * @author Databridge team
 */
class TransactionEndGiveBackIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final SingleConnectionPools pools = new SingleConnectionPools();

	@Test
	void connectionGivenBackAsItsCommitCompletesIsPooledAgainAtOnce() {
		assertGivenBackAtOnceWhenEnded(Connection::commitTransaction);
	}

	@Test
	void connectionGivenBackAsItsRollbackCompletesIsPooledAgainAtOnce() {
		assertGivenBackAtOnceWhenEnded(Connection::rollbackTransaction);
	}

	@Test
	void connectionGivenBackWhileItsCommitRunsIsPooledAgainOnceTheCommitEnds() throws Exception {
		DatabridgeConnectionPool pool = this.pools.open(SingleConnectionPools.driver(), TIMEOUT);
		Connection connection = Mono.from(pool.create()).block(TIMEOUT);
		int backend = backendPid(connection);
		Mono.from(connection.beginTransaction()).block(TIMEOUT);
		insideTransaction(connection);
		CompletableFuture<Void> commit = Mono.from(connection.commitTransaction()).toFuture();
		CompletableFuture<Void> giveBack = Mono.from(connection.close()).toFuture();
		commit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		giveBack.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(pool.drainDeadlines().size()).isZero();
		Connection next = Mono.from(pool.create()).block(TIMEOUT);
		assertThat(backendPid(next)).isEqualTo(backend);
		assertThat(transactionStatus(next)).isEqualTo("outside");
		Mono.from(next.close()).block(TIMEOUT);
	}

	private void assertGivenBackAtOnceWhenEnded(Function<Connection, Publisher<Void>> end) {
		DatabridgeConnectionPool pool = this.pools.open(SingleConnectionPools.driver(), TIMEOUT);
		Connection connection = Mono.from(pool.create()).block(TIMEOUT);
		int backend = backendPid(connection);
		Mono.from(connection.beginTransaction()).block(TIMEOUT);
		insideTransaction(connection);
		AtomicReference<String> atCompletion = new AtomicReference<>();
		Mono.from(end.apply(connection)).doOnSuccess((done) -> {
			CompletableFuture<Void> giveBack = Mono.from(connection.close()).toFuture();
			atCompletion.set("given back " + giveBack.isDone() + ", waiting for a drain " + pool.drainDeadlines().size()
					+ ", idle " + pool.getState().idle());
		}).block(TIMEOUT);
		assertThat(atCompletion).hasValue("given back true, waiting for a drain 0, idle 1");
		Connection next = Mono.from(pool.create()).block(TIMEOUT);
		assertThat(backendPid(next)).isEqualTo(backend);
		assertThat(transactionStatus(next)).isEqualTo("outside");
		Mono.from(next.close()).block(TIMEOUT);
	}

	private static void insideTransaction(Connection connection) {
		assertThat(transactionStatus(connection)).isEqualTo("inside");
	}

	private static String transactionStatus(Connection connection) {
		return Flux.from(connection.createStatement("SELECT now() = statement_timestamp() AS outside").execute())
			.flatMap((result) -> result.map((row) -> Boolean.TRUE.equals(row.get(0, Boolean.class))))
			.map((outside) -> outside ? "outside" : "inside")
			.blockLast(TIMEOUT);
	}

	private static int backendPid(Connection connection) {
		return Flux.from(connection.createStatement("SELECT pg_backend_pid()").execute())
			.flatMap((result) -> result.map((row) -> row.get(0, Integer.class)))
			.blockLast(TIMEOUT);
	}

}
