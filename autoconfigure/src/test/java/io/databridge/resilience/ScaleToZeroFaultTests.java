package io.databridge.resilience;

import java.time.Duration;
import java.util.List;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.test.TcpProxy;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault test of a serverless database scaling to zero, as Neon does: every server
 * connection is terminated ({@code 57P01}), and the next connections wait while the
 * compute starts, here 2.5 seconds held back by a proxy. Callers wait within the acquire
 * timeout and succeed; only the statement in flight at the moment of termination fails.
 *
 * @author Databridge team
 */
class ScaleToZeroFaultTests {

	private static final Duration COLD_START = Duration.ofMillis(2500);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final TcpProxy proxy = TcpProxy.start(this.database.host(), this.database.port());

	private final String applicationName = "scale-to-zero-" + System.nanoTime();

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void callsAfterTheComputeSuspendedWaitForItsColdStartAndSucceed() {
		String url = "postgresql://postgres@" + this.proxy.host() + ":" + this.proxy.port() + "/"
				+ this.database.database();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + url, "databridge.application-name=" + this.applicationName,
					"databridge.pool.size=4", "databridge.pool.max-overflow=4", "databridge.pool.acquire-timeout=10s")
			.run((context) -> {
				DatabaseClient client = context.getBean(DatabaseClient.class);
				Mono<Throwable> inFlight = client.sql("SELECT pg_sleep(30)")
					.then()
					.then(Mono.<Throwable>empty())
					.onErrorResume(Mono::just)
					.cache();
				inFlight.subscribe();
				await().atMost(TIMEOUT)
					.until(() -> this.database.countConnections(this.applicationName, "active") == 1);
				this.proxy.holdNewConnections(COLD_START);
				long suspendedAt = System.nanoTime();
				this.database
					.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
							+ this.applicationName + "'");
				await().atMost(TIMEOUT).until(() -> this.database.countConnections(this.applicationName, null) == 0);
				Thread.sleep(200);
				List<Integer> answers = Flux.range(0, 20)
					.flatMap((
							i) -> client.sql("SELECT $1::int").bind(0, i).map((row) -> row.get(0, Integer.class)).one(),
							20)
					.collectList()
					.block(TIMEOUT);
				Duration waited = Duration.ofNanos(System.nanoTime() - suspendedAt);
				assertThat(answers).containsExactlyInAnyOrderElementsOf(Flux.range(0, 20).collectList().block());
				assertThat(waited).isGreaterThanOrEqualTo(COLD_START.minusMillis(100))
					.isLessThan(Duration.ofSeconds(10));
				Throwable failure = inFlight.block(TIMEOUT);
				assertThat(failure).isNotNull();
				assertThat(DatabaseError.of(failure).kind()).isIn(ErrorKind.SERVER_UNAVAILABLE,
						ErrorKind.CONNECTION_LOST);
			});
	}

}
