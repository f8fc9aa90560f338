package io.databridge.resilience;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.metrics.PoolMeters;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault test: a connection held past {@code databridge.pool.leak-detection-threshold} is
 * reported at WARN with the pool name, the code that acquired it and the last statement,
 * and its return is reported too; connections given back in time are not reported.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class LeakDetectionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DatabridgeAutoConfiguration.class, DatabridgeMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.name=ledger", "databridge.pool.size=2",
				"databridge.pool.leak-detection-threshold=300ms");

	@Test
	void connectionHeldPastTheThresholdIsReportedWithTheCodeThatAcquiredIt(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			Connection connection = acquireAndForget(pool);
			await().atMost(TIMEOUT).until(() -> output.getOut().contains("Possible connection leak"));
			String warning = lineContaining(output.getOut(), "Possible connection leak");
			assertThat(warning).contains("WARN")
				.contains("[ledger]")
				.contains("held for PT0.3S")
				.contains("Acquired by io.databridge.resilience.LeakDetectionIntegrationTests.acquireAndForget(")
				.contains("last statement: SELECT ?, pg_backend_pid()")
				.doesNotContain("secret-literal");
			assertThat(output.getOut()).contains("Connection acquired here, on thread")
				.contains("at io.databridge.resilience.LeakDetectionIntegrationTests.acquireAndForget(");
			assertThat(leaks(context.getBean(MeterRegistry.class))).isEqualTo(1);
			Mono.from(connection.close()).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> output.getOut().contains("reported as a possible leak was returned"));
			assertThat(pool.getState().active()).isZero();
		});
	}

	@Test
	void connectionsGivenBackInTimeAreNotReported(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			Flux.range(0, 20)
				.concatMap((i) -> Mono.usingWhen(pool.create(),
						(connection) -> Flux.from(connection.createStatement("SELECT 1").execute())
							.flatMap((result) -> result.map((row, metadata) -> row.get(0)))
							.then(),
						Connection::close))
				.blockLast(TIMEOUT);
			Thread.sleep(600);
			assertThat(output.getOut()).doesNotContain("Possible connection leak");
			assertThat(leaks(context.getBean(MeterRegistry.class))).isZero();
		});
	}

	private double leaks(MeterRegistry registry) {
		return registry.get(PoolMeters.LEAKS).tag("pool", "ledger").counter().count();
	}

	private Connection acquireAndForget(DatabridgeConnectionPool pool) {
		Connection connection = pool.create().block(TIMEOUT);
		Flux.from(connection.createStatement("SELECT 'secret-literal', pg_backend_pid()").execute())
			.flatMap((result) -> result.map((row, metadata) -> row.get(1)))
			.blockLast(TIMEOUT);
		return connection;
	}

	private static String lineContaining(String output, String text) {
		return output.lines().filter((line) -> line.contains(text)).findFirst().orElseThrow();
	}

}
