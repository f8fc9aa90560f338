package io.databridge.sample.load;

import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Runs a burst of slow queries ({@value #QUERY}), more at once than the pool has
 * connections, so that connections are all in use and callers queue for them.
 *
 * @author Databridge team
 */
@Component
class LoadGenerator {

	static final String QUERY = "SELECT pg_sleep(0.05)";

	private final DatabaseClient client;

	LoadGenerator(DatabaseClient client) {
		this.client = client;
	}

	Mono<LoadResult> burst(int requests, int concurrency) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return Flux.range(0, requests)
				.flatMap((i) -> this.client.sql(QUERY).then().thenReturn(true).onErrorReturn(false), concurrency)
				.collectList()
				.map((outcomes) -> {
					long succeeded = outcomes.stream().filter(Boolean::booleanValue).count();
					return new LoadResult(requests, concurrency, succeeded, requests - succeeded,
							TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				});
		});
	}

}
