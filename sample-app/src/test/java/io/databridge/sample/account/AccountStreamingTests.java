package io.databridge.sample.account;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.sample.SampleApplicationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams the account table over HTTP: every row arrives, as NDJSON or server-sent
 * events, and the server reads from the database only as fast as the client reads.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class AccountStreamingTests {

	private static final int ROWS = 100_000;

	private static final String PREFIX = "stream-" + UUID.randomUUID();

	@Autowired
	WebTestClient client;

	@Autowired
	DatabaseClient database;

	@Autowired
	DatabridgeConnectionPool pool;

	@BeforeAll
	static void insertAccounts(@Autowired DatabaseClient database) {
		database
			.sql("INSERT INTO account (owner, email, balance) SELECT 'Stream ' || n, :prefix || '-' || n || "
					+ "'@example.com', n % 1000 FROM generate_series(1, :rows) AS n")
			.bind("prefix", PREFIX)
			.bind("rows", ROWS)
			.then()
			.block(Duration.ofSeconds(60));
	}

	@AfterAll
	static void deleteAccounts(@Autowired DatabaseClient database) {
		database.sql("DELETE FROM account WHERE email LIKE :prefix || '-%'")
			.bind("prefix", PREFIX)
			.then()
			.block(Duration.ofSeconds(60));
	}

	@Test
	void listingStreamsEveryAccountInIdOrderAsNdjson() {
		long rows = countAccounts();
		List<String> lines = this.client.get()
			.uri("/api/accounts")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_NDJSON)
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(120));
		assertThat(lines).hasSize((int) rows);
		assertThat(lines).filteredOn((line) -> line.contains("\"email\":\"" + PREFIX + "-")).hasSize(ROWS);
		assertThat(lines.stream().map(AccountStreamingTests::id).toList()).isSorted();
	}

	@Test
	void listingStreamsServerSentEventsWhenAskedFor() {
		Flux<Account> events = this.client.get()
			.uri("/api/accounts")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(Account.class)
			.getResponseBody();
		StepVerifier.create(events.take(3))
			.expectNextMatches((account) -> account.id() > 0)
			.expectNextCount(2)
			.verifyComplete();
	}

	@Test
	void listingReadsTheTableOnlyAsFastAsTheClientAndGivesTheConnectionBackWhenCancelled() {
		Flux<Account> accounts = this.client.get()
			.uri("/api/accounts")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Account.class)
			.getResponseBody();
		StepVerifier.create(accounts, 10).expectNextCount(10).then(() -> {
			// The client asks for no more: the server's query must still hold its
			// connection, with most of the table not yet read.
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.pool.getState().active() == 1);
		}).thenCancel().verify(Duration.ofSeconds(30));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.getState().active() == 0);
	}

	private long countAccounts() {
		return this.database.sql("SELECT count(*) FROM account")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(30));
	}

	private static long id(String line) {
		return Long.parseLong(line.substring("{\"id\":".length(), line.indexOf(',')));
	}

}
