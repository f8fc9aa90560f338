package io.databridge.sample.importing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.sample.SampleApplicationTest;
import io.databridge.sample.account.NewAccount;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Imports accounts over HTTP from a streamed NDJSON body, by COPY and by batched inserts:
 * all rows or none.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class AccountImportApiTests {

	private static final int ROWS = 100_000;

	private final String prefix = "import-" + UUID.randomUUID();

	@Autowired
	WebTestClient client;

	@Autowired
	DatabaseClient database;

	@Autowired
	DatabridgeConnectionPool pool;

	@LocalServerPort
	int port;

	@AfterEach
	void deleteImportedAccounts() {
		this.database.sql("DELETE FROM account WHERE email LIKE :prefix || '-%'")
			.bind("prefix", this.prefix)
			.then()
			.block(Duration.ofSeconds(60));
	}

	@ParameterizedTest
	@ValueSource(strings = { "copy", "batch" })
	void importOf100000RowsStoresEveryRow(String method) {
		ImportResult result = importAccounts(method, accounts(ROWS)).expectStatus()
			.isOk()
			.expectBody(ImportResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result.imported()).isEqualTo(ROWS);
		assertThat(result.method()).hasToString(method);
		assertThat(result.durationMillis()).isPositive();
		assertThat(importedRows()).isEqualTo(ROWS);
		assertThat(this.database.sql("SELECT owner, balance FROM account WHERE email = :email")
			.bind("email", email(54_321))
			.map((row) -> row.get("owner", String.class) + " " + row.get("balance", BigDecimal.class))
			.one()
			.block(Duration.ofSeconds(10))).isEqualTo("Owner 54321 43.21");
	}

	@ParameterizedTest
	@ValueSource(strings = { "copy", "batch" })
	void importKeepsTabsBackslashesAndNewlinesInValues(String method) {
		String owner = "Tab\there, back\\slash and\r\na new line";
		importAccounts(method, Flux.just(new NewAccount(owner, email(1), BigDecimal.ONE))).expectStatus().isOk();
		assertThat(this.database.sql("SELECT owner FROM account WHERE email = :email")
			.bind("email", email(1))
			.map((row) -> row.get("owner", String.class))
			.one()
			.block(Duration.ofSeconds(10))).isEqualTo(owner);
	}

	@ParameterizedTest
	@ValueSource(strings = { "copy", "batch" })
	void importWithAnInvalidRowAnswers400NamingTheRowAndKeepsNothing(String method) {
		Flux<NewAccount> accounts = accounts(5_000).map((account) -> account.email().equals(email(4_321))
				? new NewAccount(account.owner(), "not-an-email", account.balance()) : account);
		importAccounts(method, accounts).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Row 4321: email must be a well-formed email address")
			.jsonPath("$.row")
			.isEqualTo(4321)
			.jsonPath("$.field")
			.isEqualTo("email");
		assertThat(importedRows()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "copy", "batch" })
	void importRepeatingAnEmailAnswers409AndKeepsNothing(String method) {
		Flux<NewAccount> accounts = accounts(3_000).concatWith(Flux.just(new NewAccount("Again", email(7), null)));
		importAccounts(method, accounts).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The request conflicts with stored data, such as an email address already taken");
		assertThat(importedRows()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "copy", "batch" })
	void importAbandonedByTheClientKeepsNothingAndLeavesThePoolUsable(String method) {
		WebClient abandoning = WebClient.create("http://localhost:" + this.port);
		Flux<NewAccount> endless = accounts(5_000).concatWith(Flux.never());
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> abandoning.post()
			.uri("/api/accounts/import?method={method}", method)
			.contentType(MediaType.APPLICATION_NDJSON)
			.body(endless, NewAccount.class)
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(2)));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.getState().active() == 0);
		assertThat(importedRows()).isZero();
		for (int i = 0; i < 20; i++) {
			this.client.get().uri("/api/database").exchange().expectStatus().isOk();
		}
		importAccounts(method, accounts(10)).expectStatus().isOk();
		assertThat(importedRows()).isEqualTo(10);
	}

	@Test
	void importOfABodyThatIsNotNdjsonAnswers400AndKeepsNothing() {
		this.client.post()
			.uri("/api/accounts/import")
			.contentType(MediaType.APPLICATION_NDJSON)
			.bodyValue("{\"owner\":\"Ada\",\"email\":\"" + email(1) + "\"}\n{\"owner\":")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: the body is not valid JSON");
		assertThat(importedRows()).isZero();
	}

	@Test
	void importWithAnUnknownMethodAnswers400ListingTheMethods() {
		importAccounts("insert", accounts(1)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: method must be one of copy, batch");
	}

	private WebTestClient.ResponseSpec importAccounts(String method, Flux<NewAccount> accounts) {
		return this.client.post()
			.uri("/api/accounts/import?method={method}", method)
			.contentType(MediaType.APPLICATION_NDJSON)
			.body(accounts, NewAccount.class)
			.exchange();
	}

	private Flux<NewAccount> accounts(int count) {
		return Flux.range(1, count)
			.map((i) -> new NewAccount("Owner " + i, email(i), BigDecimal.valueOf(i % 10_000, 2)));
	}

	private String email(int row) {
		return this.prefix + "-" + row + "@example.com";
	}

	private long importedRows() {
		return this.database.sql("SELECT count(*) FROM account WHERE email LIKE :prefix || '-%'")
			.bind("prefix", this.prefix)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
