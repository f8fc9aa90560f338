package io.databridge.autoconfigure;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.databridge.test.TestDatabase;
import io.databridge.pool.DatabridgeConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every configuration mistake ends startup with a failure analysis naming the
 * property, the value and the fix.
 *
 * @author Databridge team
 */
class DatabridgeValidationIntegrationTests {

	private final String url = TestDatabase.get().adminUrl();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeHealthContributorAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false");

	@TempDir
	Path temp;

	@Test
	void negativePoolSizeIsRejected() {
		runWithUrl("databridge.pool.size=-1").run(failsWith("databridge.pool.size", "\"-1\"",
				"The value must not be negative.", "Set databridge.pool.size to 0 or more (default 10)."));
	}

	@Test
	void negativeMaxOverflowIsRejected() {
		runWithUrl("databridge.pool.max-overflow=-2").run(failsWith("databridge.pool.max-overflow", "\"-2\"",
				"The value must not be negative.", "Set databridge.pool.max-overflow to 0 or more (default 10)."));
	}

	@Test
	void poolThatCouldNeverOpenAConnectionIsRejected() {
		runWithUrl("databridge.pool.size=0", "databridge.pool.max-overflow=0")
			.run(failsWith("databridge.pool.size", "\"0\"", "are both 0", "Set databridge.pool.size to 1 or more"));
	}

	@Test
	void zeroAcquireTimeoutIsRejected() {
		runWithUrl("databridge.pool.acquire-timeout=0s").run(failsWith("databridge.pool.acquire-timeout", "\"PT0S\"",
				"The duration must be positive.", "for example 30s"));
	}

	@Test
	void zeroHealthTimeoutIsRejected() {
		runWithUrl("databridge.health.timeout=0s").run(
				failsWith("databridge.health.timeout", "\"PT0S\"", "The duration must be positive.", "for example 2s"));
	}

	@Test
	void negativeHealthCacheTimeIsRejected() {
		runWithUrl("databridge.health.cache-time=-1s").run(failsWith("databridge.health.cache-time", "\"PT-1S\"",
				"The duration must not be negative.", "Set databridge.health.cache-time to 0 or more"));
	}

	@Test
	void zeroSlowQueryThresholdIsRejected() {
		runWithUrl("databridge.observability.slow-query-threshold=0ms")
			.run(failsWith("databridge.observability.slow-query-threshold", "\"PT0S\"",
					"The duration must be positive.", "for example 500ms"));
	}

	@Test
	void negativeIdleTimeoutIsRejected() {
		runWithUrl("databridge.pool.idle-timeout=-1s").run(failsWith("databridge.pool.idle-timeout", "\"PT-1S\"",
				"The duration must be positive.", "for example 10m"));
	}

	@Test
	void zeroMaxLifetimeIsRejected() {
		runWithUrl("databridge.pool.max-lifetime=0ms").run(failsWith("databridge.pool.max-lifetime", "\"PT0S\"",
				"The duration must be positive.", "for example 30m"));
	}

	@Test
	void blankPoolNameIsRejected() {
		runWithUrl("databridge.pool.name= ")
			.run(failsWith("databridge.pool.name", "The pool name is blank.", "Set databridge.pool.name"));
	}

	@Test
	void zeroConnectTimeoutIsRejected() {
		runWithUrl("databridge.connect-timeout=0s").run(failsWith("databridge.connect-timeout", "\"PT0S\"",
				"The duration must be positive.", "for example 10s"));
	}

	@Test
	void negativeStatementTimeoutIsRejected() {
		runWithUrl("databridge.statement-timeout=-5s").run(failsWith("databridge.statement-timeout", "\"PT-5S\"",
				"The duration must be positive.", "remove it to keep the server default"));
	}

	@Test
	void missingRootCertificateFileIsRejected() {
		String missing = this.temp.resolve("missing-root.crt").toString();
		runWithUrl("databridge.ssl.root-cert=" + missing)
			.run(failsWith("databridge.ssl.root-cert", "\"" + missing + "\"", "The file does not exist",
					"Point databridge.ssl.root-cert at an existing PEM file"));
	}

	@Test
	void missingRootCertificateFileInTheUrlIsRejected() {
		String missing = this.temp.resolve("url-root.crt").toString();
		this.contextRunner.withPropertyValues("databridge.url=" + this.url + "?sslrootcert=" + missing)
			.run(failsWith("databridge.url (parameter sslrootcert)", "\"" + missing + "\"", "The file does not exist"));
	}

	@Test
	void clientCertificateWithoutKeyIsRejected() throws IOException {
		Path cert = Files.writeString(this.temp.resolve("client.crt"), "-----BEGIN CERTIFICATE-----\n");
		runWithUrl("databridge.ssl.cert=" + cert).run(failsWith("databridge.ssl.key", "(not set)",
				"needs both the certificate and its key", "Set both databridge.ssl.cert and databridge.ssl.key"));
	}

	@Test
	void channelBindingWithoutTlsIsRejected() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.url + "?channel_binding=require",
					"databridge.ssl.mode=disable")
			.run(failsWith("databridge.ssl.mode", "\"disable\"", "only works over TLS",
					"Set databridge.ssl.mode to require"));
	}

	@Test
	void missingUserIsRejected() {
		this.contextRunner.withPropertyValues("databridge.url=postgresql://localhost:5432/db")
			.run(failsWith("databridge.username", "(not set)", "No database user is configured.",
					"Set databridge.username, or put the user in databridge.url"));
	}

	@Test
	void urlOfAnotherDatabaseIsRejectedWithThePasswordMasked() {
		this.contextRunner.withPropertyValues("databridge.url=mysql://app:hunter2@db.example.com/shop")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("Property: databridge.url")
					.contains("mysql://app:****@db.example.com/shop")
					.doesNotContain("hunter2");
				assertThat(analysis.getAction()).contains("postgresql://").doesNotContain("hunter2");
				assertThat(context.getStartupFailure()).hasStackTraceContaining("mysql")
					.satisfies((failure) -> assertThat(stackTrace(failure)).doesNotContain("hunter2"));
			});
	}

	@Test
	void unknownUrlParameterIsRejectedNamingTheSupportedOnes() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.url + "?sslmod=require").run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Property: databridge.url").contains("'sslmod'");
			assertThat(analysis.getAction()).contains("sslmode").contains("application_name");
		});
	}

	@Test
	void misspelledPropertyIsRejectedListingTheKnownOnes() {
		runWithUrl("databridge.pool.max-sizee=5").run(failsWith("databridge.pool.max-sizee", "\"5\"",
				"Databridge has no such setting.", "databridge.pool.max-overflow", "databridge.options.*"));
	}

	@Test
	void misspelledUrlPropertyStopsStartupInsteadOfFallingBackToEmbedded() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
			.withPropertyValues("databridge.ulr=postgresql://app:hunter2@db.example.com/shop")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).contains("Property: databridge.ulr")
					.contains("app:****@db.example.com")
					.doesNotContain("hunter2");
				assertThat(analysis.getAction()).contains("databridge.url");
			});
	}

	@Test
	void serverOptionsAndEnvironmentVariablesAreNotMistakenForUnknownProperties() {
		runWithUrl("databridge.options.work_mem=64MB")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("systemEnvironment",
						Map.of("DATABRIDGE_TEST_URL", "postgresql://elsewhere/db", "DATABRIDGE_FOO", "bar"))))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(DatabridgeConnectionPool.class));
	}

	private ApplicationContextRunner runWithUrl(String... properties) {
		return this.contextRunner.withPropertyValues("databridge.url=" + this.url).withPropertyValues(properties);
	}

	private ContextConsumer<AssertableApplicationContext> failsWith(String property, String... expected) {
		return (context) -> {
			FailureAnalysis analysis = analyze(context);
			String report = analysis.getDescription() + "\n" + analysis.getAction();
			assertThat(analysis.getDescription()).contains("Property: " + property);
			for (String text : expected) {
				assertThat(report).contains(text);
			}
		};
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidDatabridgePropertyFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
