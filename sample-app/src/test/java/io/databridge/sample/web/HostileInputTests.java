package io.databridge.sample.web;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.databridge.sample.SampleApplicationTest;
import io.databridge.sample.account.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input a hostile client sends: a body larger than the application reads into memory is
 * answered 413, a field longer than its limit 400 naming the field, and text written to
 * break out of an SQL string is stored as it was sent and read back equal, since every
 * value is bound, never concatenated into SQL.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class HostileInputTests {

	@Autowired
	WebTestClient client;

	@Autowired
	DatabaseClient database;

	@Test
	void bodyLargerThanTheLimitIsAnswered413() {
		String owner = "x".repeat(70 * 1024);
		this.client.post()
			.uri("/api/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("owner", owner, "email", email()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(413)
			.jsonPath("$.detail")
			.isEqualTo("The request body is larger than the API reads (spring.http.codecs.max-in-memory-size)");
	}

	@Test
	void fieldLongerThanItsLimitIsAnswered400NamingTheField() {
		this.client.post()
			.uri("/api/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("owner", "x".repeat(101), "email", email()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("owner");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Robert'); DROP TABLE account; --", "' OR '1'='1", "\"; DELETE FROM transfer; --",
			"$$; SELECT pg_sleep(30); $$", "\\'; TRUNCATE account; --", ":owner :email $1 ? %s {0}", "%_%",
			"O'Brien -- /* not a comment */", "Zoë 漢字 🙂" })
	void textMeantToBreakOutOfSqlIsStoredAndReadBackAsSent(String owner) {
		Account created = this.client.post()
			.uri("/api/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("owner", owner, "email", email()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Account.class)
			.returnResult()
			.getResponseBody();
		assertThat(created).isNotNull();
		assertThat(created.owner()).isEqualTo(owner);
		String changed = owner + " (changed)";
		this.client.put()
			.uri("/api/accounts/{id}", created.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("owner", changed, "email", created.email()))
			.exchange()
			.expectStatus()
			.isOk();
		Account read = this.client.get()
			.uri("/api/accounts/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Account.class)
			.returnResult()
			.getResponseBody();
		assertThat(read).isNotNull();
		assertThat(read.owner()).isEqualTo(changed);
		assertThat(this.database.sql("SELECT count(*) FROM account WHERE id = :id")
			.bind("id", created.id())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10))).isEqualTo(1L);
	}

	private static String email() {
		return "hostile-" + UUID.randomUUID() + "@example.com";
	}

}
