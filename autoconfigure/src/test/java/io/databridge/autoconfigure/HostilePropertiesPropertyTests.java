package io.databridge.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated {@code databridge.*} properties, bound as Spring Boot binds them and resolved
 * into settings: each set either resolves, or is refused by the binder (whose report
 * names the property and the value) or by Databridge with the property, a reason and an
 * action; no other exception, and no message that contains the password.
 *
 * @author Databridge team
 */
class HostilePropertiesPropertyTests {

	private static final String PASSWORD = "Pr0perty:P@ss/w%rd";

	private static final String URL = "postgresql://app:Pr0perty%3AP%40ss%2Fw%25rd@db.invalid:6000/orders";

	private static final List<String> KEYS = List.of("databridge.username", "databridge.application-name",
			"databridge.connect-timeout", "databridge.statement-timeout", "databridge.schema",
			"databridge.options.work_mem", "databridge.pooler", "databridge.statement-cache-size",
			"databridge.ssl.mode", "databridge.ssl.root-cert", "databridge.ssl.bundle", "databridge.pool.name",
			"databridge.pool.size", "databridge.pool.max-overflow", "databridge.pool.acquire-timeout",
			"databridge.pool.idle-timeout", "databridge.pool.max-lifetime", "databridge.pool.max-pending",
			"databridge.pool.validation", "databridge.pool.validation-interval",
			"databridge.pool.leak-detection-threshold", "databridge.pool.drain-timeout", "databridge.startup.mode",
			"databridge.startup.timeout", "databridge.startup.capacity-check", "databridge.health.mode",
			"databridge.health.timeout", "databridge.health.cache-time",
			"databridge.observability.slow-query-threshold", "databridge.shutdown.timeout");

	@Property(tries = 10_000)
	void anyPropertiesResolveOrAreRefusedWithTheirNameAndNeverThePassword(
			@ForAll("properties") Map<String, String> values) {
		Map<String, String> source = new LinkedHashMap<>(values);
		source.put("databridge.url", URL);
		try {
			DatabridgeProperties properties = new Binder(new MapConfigurationPropertySource(source))
				.bindOrCreate("databridge", DatabridgeProperties.class);
			DatabridgeSettings settings = new DatabridgeSettingsResolver(properties, "orders-api")
				.resolve(properties::getUrl);
			assertThat(settings.toString()).doesNotContain(PASSWORD);
		}
		catch (BindException ex) {
			assertThat(ex.getName().toString()).startsWith("databridge");
			assertNoPassword(ex);
		}
		catch (InvalidDatabridgePropertyException ex) {
			assertThat(ex.getProperty()).startsWith("databridge.");
			assertThat(ex.getReason()).isNotBlank();
			assertThat(ex.getAction()).isNotBlank();
			assertNoPassword(ex);
		}
	}

	private static void assertNoPassword(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			assertThat(String.valueOf(candidate.getMessage())).doesNotContain(PASSWORD);
		}
	}

	@Provide
	Arbitrary<Map<String, String>> properties() {
		Arbitrary<String> values = Arbitraries.oneOf(
				Arbitraries.of("", " ", "0", "-1", "1", "10", "2147483648", "1s", "0s", "-5s", "PT1M", "10m", "1d",
						"abc", "true", "auto", "none", "transaction", "session", "verify-full", "VERIFY_CA", "lazy",
						"wait", "fail", "pool", "query", "/no/such/file.pem", "${missing}", "%", "\u0000"),
				Arbitraries.strings().ofMaxLength(20));
		return Arbitraries.maps(Arbitraries.of(KEYS), values).ofMaxSize(6);
	}

}
