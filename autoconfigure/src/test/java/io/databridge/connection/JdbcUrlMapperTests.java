package io.databridge.connection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databridge.connection.ConnectionSettings.Pooling;
import io.databridge.connection.ConnectionSettings.SslSettings;
import io.databridge.pooler.PoolerMode;
import io.databridge.test.TestDatabase;
import io.databridge.url.DatabaseUrl;
import io.databridge.url.DatabaseUrlParser;
import io.databridge.url.HostAddress;
import io.databridge.url.SslMode;
import io.databridge.url.TargetSessionAttributes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JdbcUrlMapper}.
 *
 * @author Databridge team
 */
class JdbcUrlMapperTests {

	private static final List<HostAddress> ONE_HOST = List.of(new HostAddress("db.example.com", 5432));

	private static final SslSettings PREFER = new SslSettings(SslMode.PREFER, null, null, null, null);

	@Test
	void singleHostWithDefaultsNamesModeApplicationAndTimeout() {
		assertThat(JdbcUrlMapper.toJdbcUrl(settings(ONE_HOST, "orders", PREFER, Map.of(), null)))
			.isEqualTo("jdbc:postgresql://db.example.com:5432/orders?sslmode=prefer&ApplicationName=orders-api"
					+ "&connectTimeout=10");
	}

	@Test
	void everySettingPgjdbcUnderstandsIsCarriedAndNoSecret() {
		List<HostAddress> hosts = List.of(new HostAddress("h1", 5432), new HostAddress("h2", 5433));
		SslSettings ssl = new SslSettings(SslMode.VERIFY_CA, "/etc/ca.pem", "/etc/client.pem", "/etc/client.key",
				"key secret");
		ConnectionSettings settings = new ConnectionSettings(hosts, null, "orders", "app", "secret", ssl, "orders-api",
				Duration.ofSeconds(5), Duration.ofSeconds(30), "billing", Map.of("work_mem", "64MB"),
				TargetSessionAttributes.READ_WRITE);
		assertThat(JdbcUrlMapper.toJdbcUrl(settings))
			.isEqualTo("jdbc:postgresql://h1:5432,h2:5433/orders?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem"
					+ "&sslcert=%2Fetc%2Fclient.pem&sslkey=%2Fetc%2Fclient.key&ApplicationName=orders-api"
					+ "&connectTimeout=5&currentSchema=billing&options=-c+work_mem%3D64MB&targetServerType=primary");
	}

	@Test
	void verificationWithoutRootCertificateTrustsTheJvmTrustStore() {
		SslSettings ssl = new SslSettings(SslMode.VERIFY_FULL, null, null, null, null);
		assertThat(JdbcUrlMapper.toJdbcUrl(settings(ONE_HOST, "orders", ssl, Map.of(), null)))
			.isEqualTo("jdbc:postgresql://db.example.com:5432/orders?sslmode=verify-full"
					+ "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory&ApplicationName=orders-api&connectTimeout=10");
	}

	@Test
	void standbyTargetsMapOntoPgjdbcServerTypes() {
		assertThat(JdbcUrlMapper.targetServerType(TargetSessionAttributes.ANY)).isEqualTo("any");
		assertThat(JdbcUrlMapper.targetServerType(TargetSessionAttributes.PRIMARY)).isEqualTo("primary");
		assertThat(JdbcUrlMapper.targetServerType(TargetSessionAttributes.READ_ONLY)).isEqualTo("secondary");
		assertThat(JdbcUrlMapper.targetServerType(TargetSessionAttributes.STANDBY)).isEqualTo("secondary");
		assertThat(JdbcUrlMapper.targetServerType(TargetSessionAttributes.PREFER_STANDBY)).isEqualTo("preferSecondary");
	}

	@Test
	void databaseNameAndValuesAreFormEncodedAndOptionSpacesEscaped() {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("DateStyle", "ISO, DMY");
		options.put("search_path", "a\\b");
		ConnectionSettings settings = new ConnectionSettings(List.of(new HostAddress("::1", 5432)), null, "my db/ü",
				"app", null, PREFER, "a&b=c", Duration.ofMillis(1500), null, null, options,
				TargetSessionAttributes.ANY);
		assertThat(JdbcUrlMapper.toJdbcUrl(settings))
			.isEqualTo("jdbc:postgresql://[::1]:5432/my+db%2F%C3%BC?sslmode=prefer&ApplicationName=a%26b%3Dc"
					+ "&connectTimeout=2&options=-c+DateStyle%3DISO%2C%5C+DMY+-c+search_path%3Da%5C%5Cb");
	}

	@Test
	void connectTimeoutIsRoundedUpToWholeSeconds() {
		ConnectionSettings settings = new ConnectionSettings(ONE_HOST, null, "orders", "app", null, PREFER, "x",
				Duration.ofMillis(250), null, null, Map.of(), TargetSessionAttributes.ANY);
		assertThat(JdbcUrlMapper.toJdbcUrl(settings)).endsWith("&connectTimeout=1");
	}

	@Test
	void connectionThroughATransactionPoolerMakesPgjdbcPrepareOnlyUnnamedStatementsAndKeepsTheNeonEndpoint() {
		ConnectionSettings settings = new ConnectionSettings(ONE_HOST, null, "orders", "app", null, PREFER, "x",
				Duration.ofSeconds(10), null, null, Map.of(), TargetSessionAttributes.ANY,
				new Pooling(PoolerMode.TRANSACTION, "Neon", 0, List.of()), "ep-x");
		assertThat(JdbcUrlMapper.toJdbcUrl(settings)).endsWith("&options=endpoint%3Dep-x&prepareThreshold=0");
	}

	@Test
	void connectionThatMayGoThroughAPoolerMakesPgjdbcPrepareOnlyUnnamedStatements() {
		ConnectionSettings settings = new ConnectionSettings(ONE_HOST, null, "orders", "app", null, PREFER, "x",
				Duration.ofSeconds(10), null, null, Map.of(), TargetSessionAttributes.ANY,
				new Pooling(PoolerMode.AUTO, null, null, List.of()), null);
		assertThat(JdbcUrlMapper.toJdbcUrl(settings)).endsWith("&prepareThreshold=0");
	}

	@Test
	void directConnectionLeavesPgjdbcToPrepareAsItDoes() {
		ConnectionSettings settings = new ConnectionSettings(ONE_HOST, null, "orders", "app", null, PREFER, "x",
				Duration.ofSeconds(10), null, null, Map.of(), TargetSessionAttributes.ANY);
		assertThat(JdbcUrlMapper.toJdbcUrl(settings)).doesNotContain("prepareThreshold");
	}

	@Test
	void unixSocketIsRejected() {
		ConnectionSettings settings = new ConnectionSettings(List.of(), "/var/run/postgresql/.s.PGSQL.5432", "orders",
				"app", null, PREFER, "x", Duration.ofSeconds(10), null, null, Map.of(), TargetSessionAttributes.ANY);
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrlMapper.toJdbcUrl(settings))
			.withMessage("pgjdbc cannot connect to the Unix-domain socket /var/run/postgresql/.s.PGSQL.5432 "
					+ "without a socket factory");
	}

	@Test
	void databridgeReadsTheUrlBackToTheSameSettings() {
		List<HostAddress> hosts = List.of(new HostAddress("h1", 5432), new HostAddress("h2", 5433));
		ConnectionSettings settings = new ConnectionSettings(hosts, null, "my db", "app", null,
				new SslSettings(SslMode.REQUIRE, null, null, null, null), "orders api", Duration.ofSeconds(7), null,
				"billing", Map.of("work_mem", "64MB"), TargetSessionAttributes.STANDBY);
		DatabaseUrl url = DatabaseUrlParser.parse(JdbcUrlMapper.toJdbcUrl(settings));
		assertThat(url.hosts()).isEqualTo(hosts);
		assertThat(url.database()).isEqualTo("my db");
		assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
		assertThat(url.applicationName()).isEqualTo("orders api");
		assertThat(url.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(url.schema()).isEqualTo("billing");
		assertThat(url.options()).isEqualTo(Map.of("work_mem", "64MB"));
		assertThat(url.targetSessionAttributes()).isEqualTo(TargetSessionAttributes.STANDBY);
	}

	@Test
	void pgjdbcConnectsWithTheUrlAndAppliesEverySetting() throws SQLException {
		TestDatabase database = TestDatabase.get();
		String password = "jdbc s3cret";
		String user = database.createUser(password);
		Map<String, String> options = new LinkedHashMap<>();
		options.put("DateStyle", "ISO, DMY");
		options.put("work_mem", "6MB");
		ConnectionSettings settings = new ConnectionSettings(List.of(new HostAddress(database.host(), database.port())),
				null, database.database(), user, password, PREFER, "migrations & more", Duration.ofSeconds(10), null,
				"billing", options, TargetSessionAttributes.ANY);
		try (Connection connection = DriverManager.getConnection(JdbcUrlMapper.toJdbcUrl(settings), user, password);
				Statement statement = connection.createStatement()) {
			assertThat(query(statement, "SELECT current_user")).isEqualTo(user);
			assertThat(query(statement, "SELECT current_setting('application_name')")).isEqualTo("migrations & more");
			assertThat(query(statement, "SELECT current_setting('DateStyle')")).isEqualTo("ISO, DMY");
			assertThat(query(statement, "SELECT current_setting('work_mem')")).isEqualTo("6MB");
			assertThat(query(statement, "SELECT current_setting('search_path')")).isEqualTo("billing");
		}
	}

	private static String query(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static ConnectionSettings settings(List<HostAddress> hosts, String database, SslSettings ssl,
			Map<String, String> options, @Nullable String schema) {
		return new ConnectionSettings(hosts, null, database, "app", "secret", ssl, "orders-api", Duration.ofSeconds(10),
				null, schema, options, TargetSessionAttributes.ANY);
	}

}
