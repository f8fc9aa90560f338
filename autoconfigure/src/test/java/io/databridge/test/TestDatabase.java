package io.databridge.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.databridge.url.DatabaseUrl;
import io.databridge.url.DatabaseUrlParser;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL server the tests run against, started once per test JVM: the server at
 * {@code DATABRIDGE_TEST_URL} (a superuser URL in any dialect Databridge accepts) when
 * that variable is set, otherwise an embedded PostgreSQL whose non-superuser logins
 * require scram-sha-256 passwords.
 *
 * @author Databridge team
 */
public final class TestDatabase {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger userCounter = new AtomicInteger();

	private static final AtomicInteger databaseCounter = new AtomicInteger();

	private static @Nullable TestDatabase instance;

	private final String host;

	private final int port;

	private final String database;

	private final String adminUser;

	private final @Nullable String adminPassword;

	private final PostgresqlConnectionFactory admin;

	private @Nullable Path socketDirectory;

	private TestDatabase(String host, int port, String database, String adminUser, @Nullable String adminPassword) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.adminUser = adminUser;
		this.adminPassword = adminPassword;
		PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
			.host(host)
			.port(port)
			.database(database)
			.username(adminUser)
			.applicationName("databridge-tests-admin");
		if (adminPassword != null) {
			builder.password(adminPassword);
		}
		this.admin = new PostgresqlConnectionFactory(builder.build());
	}

	/**
	 * Returns the test server, starting it on first use.
	 * @return the server
	 */
	public static synchronized TestDatabase get() {
		if (instance == null) {
			String url = System.getenv("DATABRIDGE_TEST_URL");
			instance = (url != null && !url.isBlank()) ? external(url) : embedded();
		}
		return instance;
	}

	private static TestDatabase external(String url) {
		DatabaseUrl parsed = DatabaseUrlParser.parse(url);
		return new TestDatabase(parsed.hosts().get(0).host(), parsed.hosts().get(0).port(),
				(parsed.database() != null) ? parsed.database() : "postgres", parsed.username(), parsed.password());
	}

	private static TestDatabase embedded() {
		try {
			Path sockets = Files.createTempDirectory("databridge-sockets");
			Path hba = Files.createTempFile("databridge-pg_hba", ".conf");
			Files.writeString(hba,
					String.join("\n", "local all all trust", "host all postgres 127.0.0.1/32 trust",
							"host all postgres ::1/128 trust", "host all all 127.0.0.1/32 scram-sha-256",
							"host all all ::1/128 scram-sha-256", ""));
			hba.toFile().deleteOnExit();
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setServerConfig("hba_file", hba.toString())
				.setServerConfig("password_encryption", "scram-sha-256")
				.setServerConfig("max_connections", "300")
				.setServerConfig("unix_socket_directories", sockets.toString())
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
			TestDatabase database = new TestDatabase("localhost", postgres.getPort(), "postgres", "postgres", null);
			database.socketDirectory = sockets;
			return database;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

	/**
	 * Returns the directory of the server's Unix-domain socket.
	 * @return the directory, or {@code null} for an external server, whose socket is not
	 * known
	 */
	public @Nullable Path socketDirectory() {
		return this.socketDirectory;
	}

	/**
	 * Returns a libpq URL that logs in as the administrative user.
	 * @return the URL
	 */
	public String adminUrl() {
		String password = (this.adminPassword != null) ? ":" + UrlEncoding.percentEncode(this.adminPassword) : "";
		return "postgresql://" + UrlEncoding.percentEncode(this.adminUser) + password + "@" + this.host + ":"
				+ this.port + "/" + this.database;
	}

	/**
	 * Creates a login role with the given password, stored as a scram-sha-256 verifier.
	 * @param password the password, any characters
	 * @return the user name
	 */
	public String createUser(String password) {
		String name = "databridge_user_" + userCounter.incrementAndGet() + "_" + ProcessHandle.current().pid();
		execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE " + name + " LOGIN PASSWORD '"
				+ password.replace("'", "''") + "'");
		return name;
	}

	/**
	 * Creates a database owned by the given role.
	 * @param owner the owning role
	 * @return the database name
	 */
	public String createDatabase(String owner) {
		String name = "databridge_db_" + databaseCounter.incrementAndGet() + "_" + ProcessHandle.current().pid();
		execute("CREATE DATABASE " + name + " OWNER " + owner);
		return name;
	}

	/**
	 * Runs statements as the administrative user.
	 * @param sql one or more statements
	 */
	public void execute(String sql) {
		withConnection((connection) -> Flux.from(connection.createStatement(sql).execute())
			.flatMap((result) -> result.getRowsUpdated())
			.then(Mono.just(0))).block(TIMEOUT);
	}

	/**
	 * Counts the server's client backends whose application_name matches.
	 * @param applicationName the application name
	 * @param state the state to count, or {@code null} for all
	 * @return the count
	 */
	public int countConnections(String applicationName, @Nullable String state) {
		String sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
				+ applicationName.replace("'", "''") + "'"
				+ ((state != null) ? " AND state = '" + state.replace("'", "''") + "'" : "");
		return queryLong(sql).intValue();
	}

	/**
	 * Lists the process ids of the server's backends whose application_name matches.
	 * @param applicationName the application name
	 * @return the backend process ids
	 */
	public Set<Integer> backendPids(String applicationName) {
		String sql = "SELECT pid FROM pg_stat_activity WHERE application_name = '" + applicationName.replace("'", "''")
				+ "'";
		return withConnection((connection) -> Flux.from(connection.createStatement(sql).execute())
			.flatMap((result) -> result.map((row, metadata) -> row.get(0, Integer.class)))
			.collect(Collectors.toSet())).block(TIMEOUT);
	}

	/**
	 * Runs a query that returns one number, as the administrative user.
	 * @param sql the query
	 * @return the number
	 */
	public Long queryLong(String sql) {
		return withConnection((connection) -> Mono.from(connection.createStatement(sql).execute())
			.flatMap((result) -> Mono.from(result.map((row, metadata) -> ((Number) row.get(0)).longValue()))))
			.block(TIMEOUT);
	}

	/**
	 * Runs a query that returns one text value, as the administrative user.
	 * @param sql the query
	 * @return the value
	 */
	public String queryText(String sql) {
		return withConnection((connection) -> Mono.from(connection.createStatement(sql).execute())
			.flatMap((result) -> Mono.from(result.map((row, metadata) -> String.valueOf(row.get(0)))))).block(TIMEOUT);
	}

	/**
	 * Lists the names of the server's roles created by {@link #createUser}.
	 * @return the role names
	 */
	public List<String> createdUsers() {
		return withConnection((connection) -> Flux
			.from(connection.createStatement("SELECT rolname FROM pg_roles WHERE rolname LIKE 'databridge_user_%'")
				.execute())
			.flatMap((result) -> result.map((row, metadata) -> row.get(0, String.class)))
			.collectList()).block(TIMEOUT);
	}

	private <T> Mono<T> withConnection(Function<Connection, Mono<T>> work) {
		return Mono.usingWhen(this.admin.create(), work, Connection::close);
	}

}
