package io.databridge.sample.pool;

import io.databridge.sample.SampleApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what the live page shows over HTTP.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class PoolApiTests {

	@Autowired
	WebTestClient client;

	@Test
	void poolReportsStateHealthAndAcquireWaitPercentiles() {
		this.client.get().uri("/api/database").exchange().expectStatus().isOk();
		PoolSnapshot snapshot = this.client.get()
			.uri("/api/pool")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(PoolSnapshot.class)
			.returnResult()
			.getResponseBody();
		assertThat(snapshot.pool()).isEqualTo("databridge");
		assertThat(snapshot.health()).isEqualTo("UP");
		assertThat(snapshot.active()).isZero();
		assertThat(snapshot.pending()).isZero();
		assertThat(snapshot.size()).isEqualTo(5);
		assertThat(snapshot.max()).isEqualTo(10);
		assertThat(snapshot.idle()).isBetween(5, 10);
		assertThat(snapshot.acquisitions()).isPositive();
		assertThat(snapshot.queries()).isPositive();
		assertThat(snapshot.acquireMillis()).isNotNull();
		assertThat(snapshot.acquireMillis().p50()).isGreaterThanOrEqualTo(0)
			.isLessThanOrEqualTo(snapshot.acquireMillis().p95());
		assertThat(snapshot.acquireMillis().p95()).isLessThanOrEqualTo(snapshot.acquireMillis().p99());
	}

	@Test
	void poolCountsEachQueryAndAcquisition() {
		PoolSnapshot before = snapshot();
		this.client.get().uri("/api/database").exchange().expectStatus().isOk();
		PoolSnapshot after = snapshot();
		assertThat(after.queries() - before.queries()).isEqualTo(1);
		assertThat(after.acquisitions() - before.acquisitions()).isBetween(1L, 2L);
	}

	private PoolSnapshot snapshot() {
		return this.client.get()
			.uri("/api/pool")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PoolSnapshot.class)
			.returnResult()
			.getResponseBody();
	}

}
