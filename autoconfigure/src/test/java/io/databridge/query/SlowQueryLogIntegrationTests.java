package io.databridge.query;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow-query log against a real {@code pg_sleep}: a statement over the threshold is
 * logged once with its duration and its literals masked; a quick one is not logged.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowQueryLogIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.name=slowpool");

	@Test
	void statementSlowerThanTheThresholdIsLoggedOnceWithItsSqlMasked(CapturedOutput output) {
		this.contextRunner.withPropertyValues("databridge.observability.slow-query-threshold=200ms").run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			client.sql("SELECT pg_sleep(0.3), 'secret-literal', :p")
				.bind("p", "secret-parameter")
				.fetch()
				.one()
				.block(TIMEOUT);
			client.sql("SELECT 'quick'").fetch().one().block(TIMEOUT);
		});
		String log = output.getOut();
		assertThat(log.split("Slow query", -1)).hasSize(2);
		assertThat(log).containsPattern(
				"WARN .*\\[slowpool\\] Slow query: [3-9]\\d\\d ms \\(threshold 200 ms, success\\): SELECT pg_sleep\\(\\?\\), \\?, \\$1")
			.doesNotContain("secret-literal")
			.doesNotContain("secret-parameter")
			.doesNotContain("'quick'");
	}

	@Test
	void nothingIsLoggedWithoutAThreshold(CapturedOutput output) {
		this.contextRunner.run((context) -> context.getBean(DatabaseClient.class)
			.sql("SELECT pg_sleep(0.3)")
			.fetch()
			.one()
			.block(TIMEOUT));
		assertThat(output).doesNotContain("Slow query");
	}

}
