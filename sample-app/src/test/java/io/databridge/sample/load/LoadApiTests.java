package io.databridge.sample.load;

import java.util.concurrent.CompletableFuture;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolState;
import io.databridge.sample.SampleApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fires bursts of load over HTTP and watches the pool fill up.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class LoadApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	DatabridgeConnectionPool pool;

	@Test
	void burstUsesEveryConnectionQueuesTheRestAndSucceeds() throws InterruptedException {
		CompletableFuture<LoadResult> burst = CompletableFuture.supplyAsync(() -> this.client.post()
			.uri("/api/load?requests=200&concurrency=30")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LoadResult.class)
			.returnResult()
			.getResponseBody());
		int peakActive = 0;
		int peakPending = 0;
		while (!burst.isDone()) {
			PoolState state = this.pool.getState();
			peakActive = Math.max(peakActive, state.active());
			peakPending = Math.max(peakPending, state.pending());
			Thread.sleep(5);
		}
		LoadResult result = burst.join();
		assertThat(result.requests()).isEqualTo(200);
		assertThat(result.concurrency()).isEqualTo(30);
		assertThat(result.succeeded()).isEqualTo(200);
		assertThat(result.failed()).isZero();
		assertThat(result.durationMillis()).isGreaterThanOrEqualTo(200 * 50 / 10);
		assertThat(peakActive).isEqualTo(10);
		assertThat(peakPending).isBetween(1, 30);
	}

	@Test
	void burstWithDefaultsRuns500QueriesFiftyAtATime() {
		this.client.post()
			.uri("/api/load")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.requests")
			.isEqualTo(500)
			.jsonPath("$.concurrency")
			.isEqualTo(50)
			.jsonPath("$.succeeded")
			.isEqualTo(500)
			.jsonPath("$.failed")
			.isEqualTo(0);
	}

	@Test
	void burstOutsideTheLimitsAnswers400NamingTheParameters() {
		this.client.post()
			.uri("/api/load?requests=0&concurrency=1001")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: concurrency must be less than or equal to 1000, "
					+ "requests must be greater than or equal to 1")
			.jsonPath("$.errors.length()")
			.isEqualTo(2);
	}

}
