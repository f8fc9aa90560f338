package io.databridge.autoconfigure;

import java.time.Duration;

import io.databridge.health.HealthCheckMode;
import io.databridge.startup.CapacityCheck;
import io.databridge.startup.StartupMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DatabridgeSettingsResolver}: every setting Databridge builds a pool
 * from, resolved and checked with no Spring context and no database (the URL names a host
 * that does not exist).
 *
 * @author Databridge team
 */
class DatabridgeSettingsResolverTests {

	private static final String URL = "postgresql://app:Hunter2@db.invalid:6000/orders";

	private final DatabridgeProperties properties = new DatabridgeProperties();

	@Test
	void defaultsResolveToTheDocumentedSettings() {
		DatabridgeSettings settings = resolve();
		assertThat(settings.connection().target()).isEqualTo("app@db.invalid:6000/orders");
		assertThat(settings.connection().applicationName()).isEqualTo("orders-api");
		assertThat(settings.pool().size()).isEqualTo(10);
		assertThat(settings.pool().maxOverflow()).isEqualTo(10);
		assertThat(settings.startup()).isEqualTo(
				new DatabridgeSettings.Startup(StartupMode.FAIL_FAST, Duration.ofSeconds(60), CapacityCheck.WARN));
		assertThat(settings.health()).isEqualTo(
				new DatabridgeSettings.Health(HealthCheckMode.QUERY, Duration.ofSeconds(2), Duration.ofSeconds(1)));
		assertThat(settings.slowQueryThreshold()).isNull();
		assertThat(settings.toString()).doesNotContain("Hunter2");
	}

	@Test
	void startupHealthAndSlowQuerySettingsAreCarriedOver() {
		this.properties.getStartup().setMode(StartupMode.WAIT);
		this.properties.getStartup().setTimeout(Duration.ofSeconds(5));
		this.properties.getStartup().setCapacityCheck(CapacityCheck.FAIL);
		this.properties.getHealth().setMode(HealthCheckMode.POOL);
		this.properties.getHealth().setCacheTime(Duration.ZERO);
		this.properties.getObservability().setSlowQueryThreshold(Duration.ofMillis(250));
		DatabridgeSettings settings = resolve();
		assertThat(settings.startup())
			.isEqualTo(new DatabridgeSettings.Startup(StartupMode.WAIT, Duration.ofSeconds(5), CapacityCheck.FAIL));
		assertThat(settings.health().mode()).isEqualTo(HealthCheckMode.POOL);
		assertThat(settings.health().cacheTime()).isZero();
		assertThat(settings.slowQueryThreshold()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void zeroStartupTimeoutNamesItsProperty() {
		this.properties.getStartup().setTimeout(Duration.ZERO);
		assertRefused("databridge.startup.timeout", "PT0S", "for example 60s");
	}

	@Test
	void negativeHealthCacheTimeNamesItsProperty() {
		this.properties.getHealth().setCacheTime(Duration.ofSeconds(-1));
		assertRefused("databridge.health.cache-time", "PT-1S", "Set databridge.health.cache-time to 0 or more");
	}

	@Test
	void zeroSlowQueryThresholdNamesItsProperty() {
		this.properties.getObservability().setSlowQueryThreshold(Duration.ZERO);
		assertRefused("databridge.observability.slow-query-threshold", "PT0S", "for example 500ms");
	}

	@Test
	void negativeDrainTimeoutNamesItsProperty() {
		this.properties.getPool().setDrainTimeout(Duration.ofMillis(-1));
		assertRefused("databridge.pool.drain-timeout", "PT-0.001S", "for example 1s");
	}

	@Test
	void connectionMistakeIsFoundBeforeThePoolsAndNamesItsProperty() {
		this.properties.setConnectTimeout(Duration.ZERO);
		this.properties.getPool().setSize(-1);
		assertRefused("databridge.connect-timeout", "PT0S", "for example 10s");
	}

	private void assertRefused(String property, String value, String action) {
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class).isThrownBy(this::resolve)
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				assertThat(ex.getValue()).isEqualTo(value);
				assertThat(ex.getAction()).contains(action);
				assertThat(ex.getMessage()).doesNotContain("Hunter2");
			});
	}

	private DatabridgeSettings resolve() {
		return new DatabridgeSettingsResolver(this.properties, "orders-api").resolve(() -> URL);
	}

}
