package io.databridge.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement cancelled the moment it starts, by a {@code timeout(Duration.ZERO)}, on a
 * pool of one connection: whether the driver sent it before the cancel or not, the next
 * caller never waits for it. A cancel that lands between the start of the statement and
 * its demand reaching the connection's I/O thread used to let the pool's check (a ping)
 * reach the server before the statement, find the connection free, and hand it to the
 * next caller while the statement then ran for its whole length.
 *
 * @author Databridge team
 */
class StatementCancelledAsItStartsIntegrationTests {

	private static final int SLEEP_SECONDS = 5;

	private final TestDatabase server = TestDatabase.get();

	private final String password = UUID.randomUUID().toString();

	private final String user = this.server.createUser(this.password);

	@Test
	void statementCancelledAsItStartsNeverKeepsTheNextCallerWaiting() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.withPropertyValues("databridge.embedded.enabled=false",
					"databridge.url=postgresql://" + this.user + ":" + this.password + "@" + this.server.host() + ":"
							+ this.server.port() + "/" + this.server.database(),
					"databridge.pool.size=1", "databridge.pool.max-overflow=0", "databridge.pool.drain-timeout=100ms",
					"databridge.pool.acquire-timeout=20s")
			.run((context) -> {
				DatabaseClient client = context.getBean(DatabaseClient.class);
				List<String> waited = new ArrayList<>();
				for (int i = 0; i < 150; i++) {
					client.sql("SELECT pg_sleep(" + SLEEP_SECONDS + "), 1")
						.map((row) -> row.get(1, Integer.class))
						.one()
						.timeout(Duration.ZERO)
						.onErrorResume(TimeoutException.class, (ex) -> Mono.empty())
						.block();
					long start = System.nanoTime();
					assertThat(client.sql("SELECT " + i).map((row) -> row.get(0, Integer.class)).one().block())
						.isEqualTo(i);
					long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
					if (millis > 2000) {
						waited.add("call " + i + " waited " + millis + " ms");
					}
				}
				assertThat(waited).isEmpty();
			});
	}

}
