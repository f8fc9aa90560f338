package io.databridge.sample.pooler;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.databridge.sample.account.Account;
import io.databridge.sample.account.NewAccount;
import io.databridge.sample.account.TestAccounts;
import io.databridge.sample.importing.ImportResult;
import io.databridge.sample.load.LoadResult;
import io.databridge.sample.transfer.TestTransfers;
import io.databridge.test.PgBouncer;
import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample application given only the URL of a PgBouncer in transaction mode, with two
 * server connections, in front of its own PostgreSQL: every endpoint answers as it does
 * on a direct connection, COPY import included.
 *
 * @author Databridge team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
class SampleApplicationThroughPgBouncerTests {

	private static final String PASSWORD = "sample-Secret-1";

	private static RestartablePostgres server;

	private static PgBouncer bouncer;

	@Autowired
	WebTestClient client;

	@Autowired
	DatabaseClient database;

	@DynamicPropertySource
	static void throughPgBouncer(DynamicPropertyRegistry registry) {
		assumePgBouncerInstalled();
		server = RestartablePostgres.start(Map.of());
		String user = server.createUser(PASSWORD);
		server.execute("CREATE DATABASE sample OWNER " + user);
		bouncer = PgBouncer.in("127.0.0.1", server.port()).user(user, PASSWORD).defaultPoolSize(2).start();
		registry.add("databridge.url", () -> bouncer.url(user, PASSWORD, "sample"));
	}

	@AfterAll
	static void stopServers() {
		if (bouncer != null) {
			bouncer.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void databaseEndpointAnswersThroughThePooler() {
		this.client.get()
			.uri("/api/database")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.database")
			.isEqualTo("sample");
	}

	@Test
	void accountIsOpenedReadAndUpdated() {
		Account ada = TestAccounts.open(this.client, "Ada", "100.50");
		this.client.get()
			.uri("/api/accounts/{id}", ada.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.owner")
			.isEqualTo("Ada")
			.jsonPath("$.balance")
			.isEqualTo(100.50);
		this.client.put()
			.uri("/api/accounts/{id}", ada.id())
			.bodyValue(Map.of("owner", "Countess", "email", ada.email(), "balance", 7))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.database.sql("SELECT owner FROM account WHERE id = :id")
			.bind("id", ada.id())
			.map((row) -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10))).isEqualTo("Countess");
	}

	@Test
	void transferCommitsWholeAndAnOverdraftRollsBackWhole() {
		Account ada = TestAccounts.open(this.client, "Ada", "100.00");
		Account bob = TestAccounts.open(this.client, "Bob", "5.00");
		TestTransfers.transfer(this.client, ada.id(), bob.id(), "40.25").expectStatus().isCreated();
		TestTransfers.transfer(this.client, ada.id(), bob.id(), "60.00").expectStatus().isEqualTo(HttpStatus.CONFLICT);
		assertThat(TestTransfers.balance(this.database, ada)).isEqualTo(new BigDecimal("59.75"));
		assertThat(TestTransfers.balance(this.database, bob)).isEqualTo(new BigDecimal("45.25"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "copy", "batch" })
	void importStoresEveryRow(String method) {
		String prefix = "pooled-" + UUID.randomUUID();
		Flux<NewAccount> accounts = Flux.range(1, 10_000)
			.map((i) -> new NewAccount("Owner " + i, prefix + "-" + i + "@example.com", BigDecimal.valueOf(i, 2)));
		ImportResult result = this.client.post()
			.uri("/api/accounts/import?method={method}", method)
			.contentType(MediaType.APPLICATION_NDJSON)
			.body(accounts, NewAccount.class)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ImportResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result.imported()).isEqualTo(10_000);
		assertThat(this.database.sql("SELECT count(*), sum(balance) FROM account WHERE email LIKE :prefix || '-%'")
			.bind("prefix", prefix)
			.map((row) -> row.get(0, Long.class) + " " + row.get(1, BigDecimal.class))
			.one()
			.block(Duration.ofSeconds(10))).isEqualTo("10000 500050.00");
	}

	@Test
	void burstOfQueriesAllSucceed() {
		LoadResult result = this.client.post()
			.uri("/api/load?requests=200&concurrency=30")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LoadResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result.succeeded()).isEqualTo(200);
		assertThat(result.failed()).isZero();
	}

	@Test
	void healthIsUp() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.databridge.status")
			.isEqualTo("UP");
	}

	private static void assumePgBouncerInstalled() {
		String missing = "This test needs " + PgBouncer.EXECUTABLE + ": apt-get install pgbouncer (Debian package)";
		if (!PgBouncer.isInstalled() && System.getenv("CI") != null) {
			fail(missing + "; .ci/run installs it on CI");
		}
		assumeTrue(PgBouncer.isInstalled(), missing);
	}

}
