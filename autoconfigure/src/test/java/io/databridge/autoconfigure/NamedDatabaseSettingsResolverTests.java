package io.databridge.autoconfigure;

import java.io.File;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link DatabridgeSettingsResolver} resolving a database under
 * {@code databridge.databases}: its pool is named after it, it keeps its own settings
 * apart from the primary's, and every mistake names the full path of its property.
 *
 * @author Databridge team
 */
class NamedDatabaseSettingsResolverTests {

	private static final String URL = "postgresql://app:Hunter2@reports.invalid:6000/reports";

	private final DatabridgeProperties root = new DatabridgeProperties();

	private final DatabaseProperties reports = new DatabaseProperties();

	NamedDatabaseSettingsResolverTests() {
		this.root.getDatabases().put("reports", this.reports);
		this.root.getPool().setSize(3);
		this.root.setStatementTimeout(Duration.ofSeconds(5));
	}

	@Test
	void poolIsNamedAfterTheDatabaseAndSettingsAreItsOwn() {
		this.reports.getPool().setSize(2);
		DatabridgeSettings settings = resolve(null);
		assertThat(settings.pool().name()).isEqualTo("reports");
		assertThat(settings.pool().size()).isEqualTo(2);
		assertThat(settings.connection().target()).isEqualTo("app@reports.invalid:6000/reports");
		assertThat(settings.connection().statementTimeout()).isNull();
		assertThat(settings.connection().applicationName()).isEqualTo("reports");
		assertThat(settings.queryTarget().poolName()).isEqualTo("reports");
	}

	@Test
	void settingsNameTheirPropertiesUnderTheDatabasesPath() {
		DatabridgeSettings settings = resolve(null);
		assertThat(settings.property("pool.max-lifetime")).isEqualTo("databridge.databases.reports.pool.max-lifetime");
		assertThat(
				new DatabridgeSettingsResolver(this.root, null).resolve(() -> "postgresql://app@orders.invalid/orders")
					.property("pool.max-lifetime"))
			.isEqualTo("databridge.pool.max-lifetime");
		assertThat(settings.describe()).startsWith("PostgreSQL app@reports.invalid:6000/reports")
			.contains("; pool ")
			.doesNotContain("Hunter2");
	}

	@Test
	void poolNameSetForTheDatabaseWins() {
		this.reports.getPool().setName("reporting");
		assertThat(resolve("orders-api").pool().name()).isEqualTo("reporting");
	}

	@Test
	void applicationNameDefaultsToSpringsApplicationName() {
		assertThat(resolve("orders-api").connection().applicationName()).isEqualTo("orders-api");
	}

	@Test
	void primarySettingsStayAsTheyWere() {
		DatabridgeSettings primary = new DatabridgeSettingsResolver(this.root, null)
			.resolve(() -> "postgresql://app@orders.invalid/orders");
		assertThat(primary.pool().name()).isEqualTo("databridge");
		assertThat(primary.pool().size()).isEqualTo(3);
		assertThat(primary.connection().statementTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void missingUrlNamesTheDatabasesUrlProperty() {
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class)
			.isThrownBy(() -> DatabridgeSettingsResolver.forDatabase(this.root, "reports", null).resolve(() -> ""))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("databridge.databases.reports.url");
				assertThat(ex.getAction()).contains("Set databridge.databases.reports.url to the database's URL");
			});
	}

	@Test
	void badUrlNamesTheDatabasesUrlProperty() {
		assertRefused("databridge.databases.reports.url", "mysql://app:Hunter2@reports.invalid/reports", null);
	}

	@Test
	void negativePoolSizeNamesTheDatabasesProperty() {
		this.reports.getPool().setSize(-1);
		assertRefused("databridge.databases.reports.pool.size", URL, "Set databridge.databases.reports.pool.size");
	}

	@Test
	void emptyPoolNamesBothPoolSizePropertiesOfTheDatabase() {
		this.reports.getPool().setSize(0);
		this.reports.getPool().setMaxOverflow(0);
		assertRefused("databridge.databases.reports.pool.size", URL,
				"Set databridge.databases.reports.pool.size to 1 or more");
	}

	@Test
	void missingCertificateFileNamesTheDatabasesProperty() {
		this.reports.getSsl().setRootCert(new File("/nonexistent/root.crt"));
		assertRefused("databridge.databases.reports.ssl.root-cert", URL,
				"Point databridge.databases.reports.ssl.root-cert at an existing PEM file");
	}

	@Test
	void zeroHealthTimeoutNamesTheDatabasesProperty() {
		this.reports.getHealth().setTimeout(Duration.ZERO);
		assertRefused("databridge.databases.reports.health.timeout", URL, "for example 2s");
	}

	@Test
	void replicaWithoutUrlNamesTheDatabasesReplicaProperty() {
		this.reports.getReplicas().add(new DatabaseProperties.Replica());
		assertRefused("databridge.databases.reports.replicas[0].url", URL,
				"Set databridge.databases.reports.replicas[0].url");
	}

	@Test
	void replicaWithBadUrlNamesTheDatabasesReplicaProperty() {
		DatabaseProperties.Replica replica = new DatabaseProperties.Replica();
		replica.setUrl("postgresql://reports-standby.invalid:notaport/reports");
		this.reports.getReplicas().add(replica);
		assertRefused("databridge.databases.reports.replicas[0].url", URL, null);
	}

	@Test
	void settingsSentAtConnectionStartBehindATransactionPoolerNameTheDatabasesProperty() {
		this.reports.setPooler(io.databridge.pooler.PoolerMode.TRANSACTION);
		this.reports.setSchema("reporting");
		assertRefused("databridge.databases.reports.schema", URL, "then remove databridge.databases.reports.schema");
	}

	private void assertRefused(String property, String url, String action) {
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class)
			.isThrownBy(() -> DatabridgeSettingsResolver.forDatabase(this.root, "reports", null).resolve(() -> url))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				if (action != null) {
					assertThat(ex.getAction()).contains(action);
				}
				assertThat(ex.getMessage()).doesNotContain("Hunter2");
				assertThat(String.valueOf(ex.getValue())).doesNotContain("Hunter2");
			});
	}

	private DatabridgeSettings resolve(String applicationName) {
		return DatabridgeSettingsResolver.forDatabase(this.root, "reports", applicationName).resolve(() -> URL);
	}

}
