package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the rows of a pooled connection's statement are emitted on the connection's
 * event loop, in order, when a consumer on another thread asks for them in small batches,
 * as a {@code publishOn} or a WebFlux response does. The driver drains its buffered rows
 * on whichever thread requests more, unguarded against the event loop emitting newer
 * ones, so rows mapped off the event loop are the sign of that race.
 *
 * @author Databridge team
 */
class RowDemandOnIoThreadTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int ROWS = 50_000;

	@RegisterExtension
	final SingleConnectionPools pools = new SingleConnectionPools();

	@Test
	void rowsRequestedFromAnotherThreadAreEmittedOnTheEventLoopInOrder() {
		assertRowsOnEventLoopInOrder(0);
	}

	@Test
	void rowsFetchedInPortionsAndRequestedFromAnotherThreadAreEmittedOnTheEventLoopInOrder() {
		assertRowsOnEventLoopInOrder(500);
	}

	private void assertRowsOnEventLoopInOrder(int fetchSize) {
		DatabridgeConnectionPool pool = this.pools.open(SingleConnectionPools.driver(), TIMEOUT);
		Set<String> mappedOn = ConcurrentHashMap.newKeySet();
		List<Long> rows = Flux.usingWhen(pool.create(),
				(Connection connection) -> Flux
					.from(connection.createStatement("SELECT n FROM generate_series(1, " + ROWS + ") AS n ORDER BY n")
						.fetchSize(fetchSize)
						.execute())
					.concatMap((result) -> result.map((row, metadata) -> {
						mappedOn.add(Thread.currentThread().getName());
						return row.get(0, Long.class);
					})),
				Connection::close)
			.publishOn(Schedulers.boundedElastic(), 16)
			.collectList()
			.block(TIMEOUT);
		assertThat(rows).containsExactlyElementsOf(LongStream.rangeClosed(1, ROWS).boxed().toList());
		assertThat(mappedOn).singleElement().satisfies((thread) -> assertThat(thread).startsWith("reactor-tcp-"));
	}

}
