package io.databridge.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.ConnectionAcquireTimeoutException;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.startup.DatabaseStartupException;
import io.databridge.test.FreePort;
import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup modes against a server that is not there yet: {@code lazy} starts without
 * it, {@code wait} retries with backoff until it comes or the startup timeout passes,
 * {@code fail-fast} (the default) opens the pool's connections before the application is
 * up.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupModeIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static RestartablePostgres server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false", "databridge.pool.size=3");

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void failFastOpensThePoolBeforeTheApplicationIsUp() {
		this.contextRunner.withPropertyValues("databridge.url=" + server.url()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(DatabridgeConnectionPool.class).getState().idle()).isEqualTo(3);
		});
	}

	@Test
	void lazyStartsWithoutTheDatabaseAndFailsTheFirstQueryWithATypedTimeout() {
		int port = FreePort.find();
		this.contextRunner
			.withPropertyValues("databridge.url=postgresql://app@127.0.0.1:" + port + "/orders?sslmode=disable",
					"databridge.startup.mode=lazy", "databridge.pool.acquire-timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				assertThat(pool.getState().open()).isZero();
				StepVerifier.create(pool.create())
					.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConnectionAcquireTimeoutException.class)
						.hasMessageContaining("the last attempt to open one failed: connection-refused"))
					.verify(TIMEOUT);
			});
	}

	@Test
	void waitRetriesWithBackoffUntilTheServerComes(CapturedOutput output) throws Exception {
		server.stop();
		CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
			sleep(1500);
			server.start();
		});
		long start = System.nanoTime();
		this.contextRunner
			.withPropertyValues("databridge.url=" + server.url(), "databridge.startup.mode=wait",
					"databridge.startup.timeout=60s")
			.run((context) -> {
				Duration startup = Duration.ofNanos(System.nanoTime() - start);
				assertThat(context).hasNotFailed();
				restart.get();
				assertThat(startup).isGreaterThan(Duration.ofMillis(1500));
				assertThat(output).contains("is not ready (connection-refused); trying again in");
				assertThat(context.getBean(DatabaseClient.class)
					.sql("SELECT 1")
					.map((row) -> row.get(0, Integer.class))
					.one()
					.block(TIMEOUT)).isEqualTo(1);
			});
	}

	@Test
	void waitGivesUpAfterTheStartupTimeout() {
		int port = FreePort.find();
		long start = System.nanoTime();
		this.contextRunner
			.withPropertyValues("databridge.url=postgresql://app@127.0.0.1:" + port + "/orders?sslmode=disable",
					"databridge.startup.mode=wait", "databridge.startup.timeout=1500ms")
			.run((context) -> {
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700),
						Duration.ofSeconds(5));
				assertThat(context).getFailure().rootCause().isInstanceOf(java.net.ConnectException.class);
				DatabaseStartupException failure = findStartupFailure(context.getStartupFailure());
				assertThat(failure.getAttempts()).isGreaterThan(2);
				assertThat(failure.getError().kind().value()).isEqualTo("connection-refused");
			});
	}

	private static DatabaseStartupException findStartupFailure(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof DatabaseStartupException startup) {
				return startup;
			}
		}
		throw new AssertionError("No DatabaseStartupException in " + failure);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
