package io.databridge.sanitize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabasesAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeSanitizingAutoConfiguration;
import io.databridge.test.TestDatabase;
import io.databridge.test.UrlEncoding;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.PropertySourceDescriptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator's {@code env} and {@code configprops} endpoints of an application whose pool
 * is open, set to show values ({@code show-values=ALWAYS}), with the password given in
 * the URL and again as a property, both from environment variables: the password appears
 * in neither, while the rest of the URL does.
 *
 * @author Databridge team
 */
class ActuatorSecretsIntegrationTests {

	private static final String PASSWORD = "Act-u4tor:Pa55@word/%";

	private static final String REPLICA_PASSWORD = "Repl1ca:Pa55@word";

	private static final String NAMED_PASSWORD = "N4med:Pa55@word/%";

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DatabridgeAutoConfiguration.class, DatabridgeSanitizingAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false", "databridge.pool.size=1");

	@Test
	void passwordGivenInTheUrlAndAsAPropertyIsShownNowhere() {
		String user = this.database.createUser(PASSWORD);
		String url = "postgresql://" + user + ":" + UrlEncoding.percentEncode(PASSWORD) + "@" + this.database.host()
				+ ":" + this.database.port() + "/" + this.database.database();
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("DATABRIDGE_URL", url, "DATABRIDGE_PASSWORD", PASSWORD, "DATABRIDGE_SSL_KEY_PASSWORD",
								"K3y-" + PASSWORD))))
			.withPropertyValues("databridge.replicas[0].url=postgresql://reader:"
					+ UrlEncoding.percentEncode(REPLICA_PASSWORD) + "@db.invalid:5432/orders")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<String> shown = new ArrayList<>();
				shown.addAll(environment(context));
				assertThat(shown).anyMatch((line) -> line.startsWith("DATABRIDGE_PASSWORD=******"));
				shown.addAll(configurationProperties(context));
				assertThat(String.join("\n", shown)).contains(user + ":****@" + this.database.host())
					.doesNotContain(PASSWORD)
					.doesNotContain(UrlEncoding.percentEncode(PASSWORD))
					.doesNotContain(REPLICA_PASSWORD)
					.doesNotContain(UrlEncoding.percentEncode(REPLICA_PASSWORD))
					.contains("reader:****@db.invalid");
			});
	}

	@Test
	void passwordsOfANamedDatabaseAreShownNowhere() {
		String user = this.database.createUser(NAMED_PASSWORD);
		String url = "postgresql://" + user + ":" + UrlEncoding.percentEncode(NAMED_PASSWORD) + "@"
				+ this.database.host() + ":" + this.database.port() + "/" + this.database.database();
		String primaryUser = this.database.createUser("Pr1mary-only");
		String primaryUrl = "postgresql://" + primaryUser + ":Pr1mary-only@" + this.database.host() + ":"
				+ this.database.port() + "/" + this.database.database();
		this.contextRunner.withConfiguration(AutoConfigurations.of(DatabridgeDatabasesAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + primaryUrl, "databridge.databases.reports.url=" + url,
					"databridge.databases.reports.password=" + NAMED_PASSWORD,
					"databridge.databases.reports.ssl.key-password=K3y-" + NAMED_PASSWORD,
					"databridge.databases.reports.pool.size=1",
					"databridge.databases.reports.replicas[0].url=postgresql://reader:"
							+ UrlEncoding.percentEncode(REPLICA_PASSWORD) + "@db.invalid:5432/reports",
					"app.copied-secret=before-" + NAMED_PASSWORD + "-after")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("reportsConnectionFactory");
				List<String> shown = new ArrayList<>();
				shown.addAll(environment(context));
				shown.addAll(configurationProperties(context));
				assertThat(String.join("\n", shown)).contains(user + ":****@" + this.database.host())
					.contains("reader:****@db.invalid")
					.contains("app.copied-secret=******")
					.doesNotContain(NAMED_PASSWORD)
					.doesNotContain(UrlEncoding.percentEncode(NAMED_PASSWORD))
					.doesNotContain(REPLICA_PASSWORD)
					.doesNotContain(UrlEncoding.percentEncode(REPLICA_PASSWORD));
			});
	}

	private static List<String> environment(AssertableApplicationContext context) {
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(context.getEnvironment(), sanitizingFunctions(context),
				Show.ALWAYS);
		List<String> shown = new ArrayList<>();
		for (PropertySourceDescriptor source : endpoint.environment(null).getPropertySources()) {
			source.getProperties().forEach((key, value) -> shown.add(key + "=" + value.getValue()));
		}
		return shown;
	}

	private static List<String> configurationProperties(AssertableApplicationContext context) {
		ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(
				sanitizingFunctions(context), Show.ALWAYS);
		endpoint.setApplicationContext(context);
		List<String> shown = new ArrayList<>();
		endpoint.configurationPropertiesWithPrefix("databridge").getContexts().values().forEach((descriptor) -> {
			for (ConfigurationPropertiesBeanDescriptor bean : descriptor.getBeans().values()) {
				collect(bean.getProperties(), shown);
				collect(bean.getInputs(), shown);
			}
		});
		assertThat(shown).anyMatch((line) -> line.contains("******"));
		return shown;
	}

	private static void collect(Object value, List<String> shown) {
		if (value instanceof Map<?, ?> map) {
			map.values().forEach((item) -> collect(item, shown));
		}
		else if (value instanceof Iterable<?> items) {
			items.forEach((item) -> collect(item, shown));
		}
		else {
			shown.add(String.valueOf(value));
		}
	}

	private static List<SanitizingFunction> sanitizingFunctions(AssertableApplicationContext context) {
		return context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
	}

}
