package io.databridge.benchmarks.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.databridge.test.RestartablePostgres;
import io.databridge.url.DatabaseUrl;
import io.databridge.url.DatabaseUrlParser;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL server every contender talks to: the server at
 * {@code DATABRIDGE_TEST_URL} (a superuser URL in any dialect Databridge accepts) when
 * that variable is set, otherwise an embedded PostgreSQL with {@link #EMBEDDED_SETTINGS},
 * which can be restarted on the same port.
 *
 * @author Databridge team
 */
public final class BenchmarkServer implements AutoCloseable {

	/**
	 * Settings of the embedded server beyond PostgreSQL's defaults. Durability is left on
	 * ({@code fsync}, {@code synchronous_commit}, which the embedded library turns off by
	 * default), so commits cost what they cost in production; the buffer cache holds the
	 * whole data set and checkpoints are spaced out so that bulk loads do not measure
	 * them.
	 */
	public static final Map<String, String> EMBEDDED_SETTINGS = Map.of("max_connections", "200", "shared_buffers",
			"256MB", "fsync", "on", "synchronous_commit", "on", "max_wal_size", "2GB", "timezone", "UTC");

	private static final List<String> REPORTED_SETTINGS = List.of("max_connections", "shared_buffers", "fsync",
			"synchronous_commit", "full_page_writes", "wal_level", "max_wal_size", "ssl", "jit");

	private final String host;

	private final int port;

	private final String database;

	private final String username;

	private final @Nullable String password;

	private final String url;

	private final @Nullable RestartablePostgres embedded;

	private BenchmarkServer(DatabaseUrl url, String text, @Nullable RestartablePostgres embedded) {
		this.host = url.hosts().get(0).host();
		this.port = url.hosts().get(0).port();
		this.database = (url.database() != null) ? url.database() : "postgres";
		this.username = (url.username() != null) ? url.username() : "postgres";
		this.password = url.password();
		this.url = text;
		this.embedded = embedded;
	}

	/**
	 * Connects to {@code DATABRIDGE_TEST_URL} or starts an embedded server.
	 * @return the server
	 */
	public static BenchmarkServer start() {
		String external = System.getenv("DATABRIDGE_TEST_URL");
		if (external != null && !external.isBlank()) {
			return new BenchmarkServer(DatabaseUrlParser.parse(external), external, null);
		}
		RestartablePostgres embedded = RestartablePostgres.start(EMBEDDED_SETTINGS);
		String url = "postgresql://postgres@localhost:" + embedded.port() + "/postgres";
		return new BenchmarkServer(DatabaseUrlParser.parse(url), url, embedded);
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public String database() {
		return this.database;
	}

	public String username() {
		return this.username;
	}

	public @Nullable String password() {
		return this.password;
	}

	/**
	 * Returns the URL as Databridge is given it.
	 * @return the URL, possibly with a password
	 */
	public String url() {
		return this.url;
	}

	/**
	 * Returns the URL for pgjdbc, without credentials.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	/**
	 * Returns the URL for Spring Boot's {@code spring.r2dbc.url}, without credentials.
	 * @return the R2DBC URL
	 */
	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	/**
	 * Returns whether this is the embedded server, which can be restarted.
	 * @return whether {@link #stop()} and {@link #restart()} work
	 */
	public boolean isEmbedded() {
		return this.embedded != null;
	}

	/**
	 * Stops the embedded server, ending every session.
	 */
	public void stop() {
		embedded().stop();
	}

	/**
	 * Starts the stopped embedded server again, returning once it accepts connections.
	 */
	public void restart() {
		embedded().start();
	}

	private RestartablePostgres embedded() {
		if (this.embedded == null) {
			throw new IllegalStateException("Only the embedded server can be stopped and started");
		}
		return this.embedded;
	}

	/**
	 * Opens a JDBC connection, for setting up data and reading facts.
	 * @return the connection
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.username);
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("ApplicationName", "databridge-benchmarks-admin");
		properties.setProperty("connectTimeout", "2");
		return DriverManager.getConnection(jdbcUrl(), properties);
	}

	/**
	 * Reads the server's version and the settings that matter to the results.
	 * @return {@code version} followed by the settings, in order
	 */
	public Map<String, String> describe() {
		Map<String, String> facts = new LinkedHashMap<>();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			facts.put("version", single(statement, "SHOW server_version"));
			for (String name : REPORTED_SETTINGS) {
				facts.put(name, single(statement, "SHOW " + name));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the server's settings", ex);
		}
		return facts;
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	@Override
	public void close() {
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

}
