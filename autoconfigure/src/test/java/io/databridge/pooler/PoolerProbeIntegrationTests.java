package io.databridge.pooler;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe for a transaction pooler on a direct connection given only its URL: it finds
 * none, so connections keep naming their statements on the server.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolerProbeIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + TestDatabase.get().adminUrl(), "databridge.pool.size=2");

	@Test
	void directConnectionKeepsNamedStatements(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).doesNotContain("Two connections were served by one server connection");
			assertThat(preparedOnTheServer(context.getBean(ConnectionFactory.class))).isPositive();
		});
	}

	@Test
	void statementCacheSizeZeroPreparesNothingUnderAName() {
		this.contextRunner.withPropertyValues("databridge.statement-cache-size=0").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(preparedOnTheServer(context.getBean(ConnectionFactory.class))).isZero();
		});
	}

	private static long preparedOnTheServer(ConnectionFactory factory) {
		return Mono
			.usingWhen(factory.create(), (connection) -> bound(connection, 1).then(bound(connection, 2))
				.then(Flux.from(connection.createStatement("SELECT count(*) FROM pg_prepared_statements").execute())
					.concatMap((result) -> result.map((row, metadata) -> row.get(0, Long.class)))
					.single()), Connection::close)
			.block();
	}

	private static Mono<Integer> bound(Connection connection, int value) {
		return Flux.from(connection.createStatement("SELECT $1::int + 1").bind(0, value).execute())
			.concatMap((result) -> result.map((row, metadata) -> row.get(0, Integer.class)))
			.single();
	}

}
