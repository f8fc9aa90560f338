package io.databridge.sample.transfer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.databridge.sample.SampleApplicationTest;
import io.databridge.sample.account.Account;
import io.databridge.sample.account.TestAccounts;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Makes transfers over HTTP: money moves and a ledger row is written in one transaction,
 * and a transfer the balance cannot cover is rolled back whole.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class TransferApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	DatabaseClient database;

	@LocalServerPort
	int port;

	@Test
	void transferMovesTheMoneyAndRecordsItInTheLedger() {
		Account ada = TestAccounts.open(this.client, "Ada", "100.00");
		Account bob = TestAccounts.open(this.client, "Bob", "5.00");
		Transfer transfer = transfer(ada.id(), bob.id(), "40.25").expectStatus()
			.isCreated()
			.expectBody(Transfer.class)
			.returnResult()
			.getResponseBody();
		assertThat(transfer.from()).isEqualTo(ada.id());
		assertThat(transfer.to()).isEqualTo(bob.id());
		assertThat(transfer.amount()).isEqualTo(new BigDecimal("40.25"));
		assertThat(balance(ada)).isEqualTo(new BigDecimal("59.75"));
		assertThat(balance(bob)).isEqualTo(new BigDecimal("45.25"));
		assertThat(ledgerRows(ada)).isEqualTo(1);
	}

	@Test
	void transferOfTheWholeBalanceLeavesZero() {
		Account ada = TestAccounts.open(this.client, "Ada", "10.00");
		Account bob = TestAccounts.open(this.client, "Bob", "0");
		transfer(ada.id(), bob.id(), "10.00").expectStatus().isCreated();
		assertThat(balance(ada)).isEqualTo(new BigDecimal("0.00"));
		assertThat(balance(bob)).isEqualTo(new BigDecimal("10.00"));
	}

	@Test
	void transferLargerThanTheBalanceAnswers409AndRollsEverythingBack() {
		Account ada = TestAccounts.open(this.client, "Ada", "30.00");
		Account bob = TestAccounts.open(this.client, "Bob", "5.00");
		transfer(ada.id(), bob.id(), "30.01").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + ada.id() + " has a balance of 30.00, less than the 30.01 to transfer");
		assertThat(balance(ada)).isEqualTo(new BigDecimal("30.00"));
		assertThat(balance(bob)).isEqualTo(new BigDecimal("5.00"));
		assertThat(ledgerRows(ada)).isZero();
	}

	@Test
	void transferFromAnUnknownAccountAnswers404() {
		Account bob = TestAccounts.open(this.client, "Bob", "5.00");
		transfer(Long.MAX_VALUE, bob.id(), "1").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + Long.MAX_VALUE + " does not exist");
		assertThat(balance(bob)).isEqualTo(new BigDecimal("5.00"));
	}

	@Test
	void transferToAnUnknownAccountAnswers404AndRollsBack() {
		Account ada = TestAccounts.open(this.client, "Ada", "5.00");
		transfer(ada.id(), Long.MAX_VALUE, "1").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + Long.MAX_VALUE + " does not exist");
		assertThat(balance(ada)).isEqualTo(new BigDecimal("5.00"));
		assertThat(ledgerRows(ada)).isZero();
	}

	@Test
	void transferToTheSameAccountAnswers400() {
		Account ada = TestAccounts.open(this.client, "Ada", "5.00");
		transfer(ada.id(), ada.id(), "1").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("A transfer needs two different accounts, but from and to are both " + ada.id())
			.jsonPath("$.errors[0].field")
			.isEqualTo("to");
	}

	@Test
	void transferOfNothingAnswers400NamingTheAmount() {
		transfer(1, 2, "0").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: amount must be greater than or equal to 0.01");
	}

	@Test
	void transferWithoutAccountsAnswers400NamingBoth() {
		this.client.post()
			.uri("/api/transfers")
			.bodyValue(Map.of("amount", 1))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: from must not be null, to must not be null");
	}

	@Test
	void opposingTransfersRunningTogetherNeitherDeadlockNorLoseMoney() {
		Account ada = TestAccounts.open(this.client, "Ada", "1000.00");
		Account bob = TestAccounts.open(this.client, "Bob", "1000.00");
		WebClient concurrent = WebClient.create("http://localhost:" + this.port);
		List<HttpStatusCode> statuses = Flux.range(0, 100)
			.flatMap((i) -> concurrent.post()
				.uri("/api/transfers")
				.bodyValue(Map.of("from", (i % 2 == 0) ? ada.id() : bob.id(), "to", (i % 2 == 0) ? bob.id() : ada.id(),
						"amount", 1))
				.retrieve()
				.toBodilessEntity()
				.map(ResponseEntity::getStatusCode), 20)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(statuses).hasSize(100).containsOnly(HttpStatus.CREATED);
		assertThat(balance(ada)).isEqualTo(new BigDecimal("1000.00"));
		assertThat(balance(bob)).isEqualTo(new BigDecimal("1000.00"));
		assertThat(ledgerRows(ada)).isEqualTo(100);
	}

	private WebTestClient.ResponseSpec transfer(long from, long to, String amount) {
		return TestTransfers.transfer(this.client, from, to, amount);
	}

	private BigDecimal balance(Account account) {
		return TestTransfers.balance(this.database, account);
	}

	private long ledgerRows(Account account) {
		return this.database.sql("SELECT count(*) FROM transfer WHERE from_account = :id OR to_account = :id")
			.bind("id", account.id())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
