package io.databridge.autoconfigure;

import java.util.Map;

import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the startup check of the pool's maximum against a server with few connection
 * slots: {@code max_connections=15}, of which 3 are reserved for superusers.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerCapacityCheckIntegrationTests {

	private static RestartablePostgres server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class));

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of("max_connections", "15"));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void poolThatFitsIsNotWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=2",
					"databridge.pool.max-overflow=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("PostgreSQL has room for");
			});
	}

	@Test
	void poolLargerThanTheServersFreeSlotsIsWarnedAboutWithTheNumbers(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=5",
					"databridge.pool.max-overflow=10")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("The pool may open 15 connections (databridge.pool.size=5 + "
							+ "max-overflow=10) but PostgreSQL has room for 12: max_connections=15, 3 reserved for "
							+ "superusers, 0 held by other clients.")
					.contains("N x (size + max-overflow)");
			});
	}

	@Test
	void connectionsOtherClientsHoldAreCountedAgainstThePool(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=4",
					"databridge.pool.max-overflow=0", "databridge.pool.name=first")
			.run((first) -> this.contextRunner
				.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=4",
						"databridge.pool.max-overflow=6", "databridge.pool.name=second")
				.run((second) -> {
					assertThat(second).hasNotFailed();
					assertThat(output).contains("[second] The pool may open 10 connections")
						.contains("PostgreSQL has room for 8")
						.contains("4 held by other clients");
				}));
	}

	@Test
	void capacityCheckSetToFailEndsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=5",
					"databridge.pool.max-overflow=10", "databridge.startup.capacity-check=fail")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidDatabridgePropertyException.class)
					.hasMessageContaining("databridge.pool.max-overflow")
					.hasMessageContaining("room for 12");
			});
	}

	@Test
	void namedDatabaseThatDoesNotFitEndsStartupNamingItsOwnProperties() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DatabridgeDatabasesAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=2",
					"databridge.pool.max-overflow=0", "databridge.databases.reports.url=" + server.url(),
					"databridge.databases.reports.pool.size=5", "databridge.databases.reports.pool.max-overflow=10",
					"databridge.databases.reports.startup.capacity-check=fail")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidDatabridgePropertyException.class, (ex) -> {
						assertThat(ex.getProperty()).isEqualTo("databridge.databases.reports.pool.max-overflow");
						assertThat(ex.getReason())
							.contains("(databridge.databases.reports.pool.size=5 + max-overflow=10)");
						assertThat(ex.getAction()).contains(
								"Lower databridge.databases.reports.pool.size and databridge.databases.reports.pool.max-overflow")
							.contains("set databridge.databases.reports.startup.capacity-check=warn");
						assertThat(ex.getReason() + ex.getAction()).doesNotContain("databridge.pool.");
					});
			});
	}

	@Test
	void capacityCheckCanBeTurnedOff(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("databridge.url=" + server.url(), "databridge.pool.size=5",
					"databridge.pool.max-overflow=10", "databridge.startup.capacity-check=off")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("PostgreSQL has room for");
			});
	}

}
