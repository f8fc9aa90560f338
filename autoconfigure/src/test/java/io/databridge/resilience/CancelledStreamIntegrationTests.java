package io.databridge.resilience;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cursored read cancelled part-way, with the reader slower than the server, leaves its
 * connection usable for the next statement.
 *
 * @author Databridge team
 */
class CancelledStreamIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.size=1", "databridge.pool.max-overflow=0");

	@Test
	void statementAfterACancelledCursoredReadAnswers() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			for (int i = 0; i < 24; i++) {
				Flux<Integer> rows = client.sql("SELECT n FROM generate_series(1, 100000) AS n")
					.filter((statement) -> statement.fetchSize(500))
					.map((row) -> row.get(0, Integer.class))
					.all();
				int take = 1 + (i % 7) * 150;
				assertThat(rows.limitRate(3).delayElements(Duration.ofMillis(i % 3)).take(take).count().block(TIMEOUT))
					.isEqualTo(take);
				assertThat(client.sql("SELECT " + i).map((row) -> row.get(0, Integer.class)).one().block(TIMEOUT))
					.as("statement %d after a cancelled read", i)
					.isEqualTo(i);
			}
			assertThat(pool.getState().active()).isZero();
		});
	}

}
