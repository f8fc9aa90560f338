package io.databridge.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeHealthContributorAutoConfiguration;
import io.databridge.embedded.EmbeddedPostgresServer;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.SilentServer;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code databridge} health indicator against a real PostgreSQL, a stopped server and
 * a server that accepts connections and never answers.
 *
 * @author Databridge team
 */
class DatabridgeHealthIndicatorIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "health-secret-7731";

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "health-" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeHealthContributorAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false", "databridge.startup.mode=lazy",
				"databridge.application-name=" + this.applicationName);

	@Test
	void reportsUpWithDatabaseVersionLatencyAndPoolState() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.pool.size=3")
			.run((context) -> {
				Health health = context.getBean(DatabridgeHealthIndicator.class).health().block(TIMEOUT);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("database", this.database.database())
					.containsEntry("product", "PostgreSQL")
					.containsKeys("version", "latencyMillis");
				assertThat((String) health.getDetails().get("version")).matches("\\d+(\\.\\d+)*.*");
				assertThat((double) health.getDetails().get("latencyMillis")).isPositive().isLessThan(2000);
				assertThat(pool(health)).containsEntry("name", "databridge")
					.containsEntry("active", 0)
					.containsEntry("pending", 0)
					.containsEntry("max", 13)
					.containsKey("idle");
			});
	}

	@Test
	void reportsDownWithinTheTimeoutWhenTheServerNeverAnswers() throws Exception {
		try (SilentServer silent = SilentServer.start()) {
			this.contextRunner
				.withPropertyValues("databridge.url=postgresql://app:" + PASSWORD + "@127.0.0.1:" + silent.port()
						+ "/orders?sslmode=disable", "databridge.health.timeout=1s")
				.run((context) -> {
					long start = System.nanoTime();
					Health health = context.getBean(DatabridgeHealthIndicator.class).health().block(TIMEOUT);
					Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
					assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails()).containsEntry("error", "timeout");
					assertThat(silent.acceptedConnections()).isPositive();
					assertThat(health.toString()).doesNotContain(PASSWORD);
				});
		}
	}

	@Test
	void reportsDownWithinTheTimeoutWhenTheServerStops() {
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(0);
		try {
			this.contextRunner
				.withPropertyValues("databridge.url=" + server.url(), "databridge.health.timeout=2s",
						"databridge.health.cache-time=0s")
				.run((context) -> {
					DatabridgeHealthIndicator indicator = context.getBean(DatabridgeHealthIndicator.class);
					assertThat(indicator.health().block(TIMEOUT).getStatus()).isEqualTo(Status.UP);
					server.close();
					long start = System.nanoTime();
					Health health = indicator.health().block(TIMEOUT);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat((String) health.getDetails().get("error")).as(health.toString())
						.isIn("connection-refused", "connection-lost", "server-unavailable");
					assertThat(health.getDetails()).containsKey("exception").doesNotContainKey("message");
				});
		}
		finally {
			server.close();
		}
	}

	@Test
	void concurrentProbesShareOneCheckSoTheyCannotExhaustThePool() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.pool.size=1",
					"databridge.pool.max-overflow=0", "databridge.health.cache-time=0s")
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				DatabridgeHealthIndicator indicator = context.getBean(DatabridgeHealthIndicator.class);
				Connection held = pool.create().block(TIMEOUT);
				Mono<List<Health>> probes = Flux.range(0, 50).flatMap((i) -> indicator.health()).collectList().cache();
				probes.subscribe();
				await().atMost(TIMEOUT).until(() -> pool.getState().pending() == 1);
				Thread.sleep(200);
				assertThat(pool.getState().pending()).isEqualTo(1);
				Mono.from(held.close()).block(TIMEOUT);
				List<Health> results = probes.block(TIMEOUT);
				assertThat(results).hasSize(50).allSatisfy((health) -> assertThat(health).isSameAs(results.get(0)));
				assertThat(results.get(0).getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void resultsAreReusedForTheCacheTime() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.health.cache-time=10s")
			.run((context) -> {
				DatabridgeHealthIndicator indicator = context.getBean(DatabridgeHealthIndicator.class);
				Health first = indicator.health().block(TIMEOUT);
				assertThat(indicator.health().block(TIMEOUT)).isSameAs(first);
			});
	}

	@Test
	void poolModeNeverOpensAConnection() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.health.mode=pool")
			.run((context) -> {
				DatabridgeHealthIndicator indicator = context.getBean(DatabridgeHealthIndicator.class);
				Health before = indicator.health().block(TIMEOUT);
				assertThat(before.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(this.database.countConnections(this.applicationName, null)).isZero();
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				Mono.from(pool.create().block(TIMEOUT).close()).block(TIMEOUT);
				Health after = indicator.health().block(TIMEOUT);
				assertThat(after.getStatus()).isEqualTo(Status.UP);
				assertThat(pool(after)).containsEntry("active", 0).containsEntry("idle", pool.getState().idle());
			});
	}

	@Test
	void poolModeReportsTheLastFailureToConnectWithoutItsMessage() {
		String user = this.database.createUser(PASSWORD);
		String url = "postgresql://" + user + ":not-" + PASSWORD + "@" + this.database.host() + ":"
				+ this.database.port() + "/" + this.database.database() + "?sslmode=disable";
		this.contextRunner.withPropertyValues("databridge.url=" + url, "databridge.health.mode=pool").run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			pool.create().onErrorResume((ex) -> Mono.empty()).block(TIMEOUT);
			Health health = context.getBean(DatabridgeHealthIndicator.class).health().block(TIMEOUT);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("error", "authentication-failed")
				.containsEntry("sqlState", "28P01")
				.containsKey("since");
			assertThat(health.toString()).doesNotContain(PASSWORD).doesNotContain(user);
		});
	}

	@Test
	void springBootR2dbcIndicatorDoesNotReportThePoolAgain() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ConnectionFactoryHealthContributorAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DatabridgeHealthIndicator.class)
				.doesNotHaveBean("r2dbcHealthContributor"));
	}

	@Test
	void indicatorCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(),
					"management.health.databridge.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DatabridgeHealthIndicator.class));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> pool(Health health) {
		return (Map<String, Object>) health.getDetails().get("pool");
	}

}
