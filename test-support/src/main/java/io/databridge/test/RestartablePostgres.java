package io.databridge.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server of its own for one test class or one benchmark run, that can be
 * stopped and started again on the same port with the same data. Non-superuser logins
 * over TCP require scram-sha-256 passwords, the superuser {@code postgres} is trusted,
 * and every connection attempt, failed authentications included, is written to
 * {@link #serverLog()}.
 *
 * @author Databridge team
 */
public final class RestartablePostgres implements AutoCloseable {

	private static final String HOST = "localhost";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final AtomicInteger userCounter = new AtomicInteger();

	private static final List<String> DEFAULT_HOST_RULES = List.of("host all postgres 127.0.0.1/32 trust",
			"host all postgres ::1/128 trust", "host replication postgres 127.0.0.1/32 trust",
			"host replication postgres ::1/128 trust", "host all all 127.0.0.1/32 scram-sha-256",
			"host all all ::1/128 scram-sha-256");

	private final Path directory;

	private final Path dataDirectory;

	private final Path serverLog;

	private final int port;

	private final Map<String, String> serverConfig = new LinkedHashMap<>();

	private final Map<String, String> givenConfig;

	private final List<String> hostRules;

	private @Nullable EmbeddedPostgres postgres;

	private RestartablePostgres(Path directory, int port, Map<String, String> serverConfig, List<String> hostRules)
			throws IOException {
		this.directory = directory;
		this.dataDirectory = directory.resolve("data");
		this.serverLog = directory.resolve("server.log");
		this.port = port;
		this.givenConfig = Map.copyOf(serverConfig);
		this.hostRules = List.copyOf(hostRules);
		Path hba = directory.resolve("pg_hba.conf");
		List<String> rules = new ArrayList<>();
		rules.add("local all all trust");
		rules.addAll(hostRules);
		rules.add("");
		Files.writeString(hba, String.join("\n", rules));
		Files.createFile(this.serverLog);
		this.serverConfig.put("password_encryption", "scram-sha-256");
		this.serverConfig.putAll(serverConfig);
		this.serverConfig.put("hba_file", hba.toString());
		this.serverConfig.put("unix_socket_directories", directory.toString());
		this.serverConfig.put("logging_collector", "off");
		this.serverConfig.put("log_destination", "stderr");
		this.serverConfig.put("log_min_messages", "warning");
		this.serverConfig.put("log_connections", "on");
		this.serverConfig.put("lc_messages", "C");
	}

	/**
	 * Initializes a data directory and starts a server on a free port.
	 * @param serverConfig server settings, such as {@code max_connections}
	 * @return the running server
	 */
	public static RestartablePostgres start(Map<String, String> serverConfig) {
		return start(serverConfig, DEFAULT_HOST_RULES);
	}

	/**
	 * Initializes a data directory and starts a server on a free port, with the given
	 * rules for TCP connections in its {@code pg_hba.conf} instead of the default ones
	 * (connections over its Unix-domain socket are always trusted).
	 * @param serverConfig server settings, such as {@code ssl}
	 * @param hostRules the {@code host}, {@code hostssl} and {@code hostnossl} lines
	 * @return the running server
	 */
	public static RestartablePostgres start(Map<String, String> serverConfig, List<String> hostRules) {
		RestartablePostgres server;
		try {
			server = new RestartablePostgres(Files.createTempDirectory("databridge-restartable-pg"), FreePort.find(),
					serverConfig, hostRules);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			server.start();
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/**
	 * Starts the stopped server on its port with its data, returning once it accepts
	 * connections.
	 */
	public synchronized void start() {
		if (this.postgres != null) {
			throw new IllegalStateException("The server is already running");
		}
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPort(this.port)
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setOutputRedirector(Redirect.appendTo(this.serverLog.toFile()))
			.setErrorRedirector(Redirect.appendTo(this.serverLog.toFile()))
			.setPGStartupWait(TIMEOUT);
		this.serverConfig.forEach(builder::setServerConfig);
		try {
			this.postgres = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("PostgreSQL did not start on port " + this.port + "; see " + this.serverLog,
					ex);
		}
	}

	/**
	 * Starts a hot standby that streams from this server, on a port of its own: this
	 * server is stopped cleanly, its data directory copied, and both are started, the
	 * copy with {@code standby.signal} and a {@code primary_conninfo} naming this server.
	 * Replication connections as {@code postgres} are trusted by the default rules.
	 * @return the running standby, which accepts read-only connections
	 */
	public synchronized RestartablePostgres startStandby() {
		stop();
		RestartablePostgres standby;
		try {
			Map<String, String> config = new LinkedHashMap<>(this.givenConfig);
			// A standby that is promoted has no standby of its own to wait for.
			config.remove("synchronous_standby_names");
			config.put("hot_standby", "on");
			standby = new RestartablePostgres(Files.createTempDirectory("databridge-standby-pg"), FreePort.find(),
					config, this.hostRules);
			copyData(this.dataDirectory, standby.dataDirectory);
			Files.createFile(standby.dataDirectory.resolve("standby.signal"));
			// Written to the configuration file: the embedded server's command line
			// cannot carry a value with spaces.
			Files.writeString(
					standby.dataDirectory.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=" + HOST + " port="
							+ this.port + " user=postgres application_name=databridge_standby'\n",
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			start();
			throw new UncheckedIOException(ex);
		}
		start();
		try {
			standby.start();
		}
		catch (RuntimeException ex) {
			String log = standby.serverLogText();
			standby.close();
			throw new IllegalStateException(
					"The standby did not start; its log ends with:\n" + log.substring(Math.max(0, log.length() - 3000)),
					ex);
		}
		return standby;
	}

	/**
	 * Promotes this standby to a primary, returning once it accepts writes.
	 */
	public void promote() {
		execute("SELECT pg_promote(true, 60)");
	}

	private static void copyData(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				if (name.equals("postmaster.pid") || name.equals("postmaster.opts")) {
					continue;
				}
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
	}

	/**
	 * Stops the server with a fast shutdown, which ends open sessions, keeping its data.
	 * Returns once its port refuses connections.
	 */
	public synchronized void stop() {
		EmbeddedPostgres running = this.postgres;
		if (running == null) {
			throw new IllegalStateException("The server is not running");
		}
		this.postgres = null;
		try {
			running.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path pidFile = this.dataDirectory.resolve("postmaster.pid");
		awaitCondition("PostgreSQL to stop", () -> !Files.exists(pidFile));
		awaitCondition("port " + this.port + " to refuse connections", () -> !acceptsConnections());
	}

	/**
	 * Returns whether the server has been started and not stopped since.
	 * @return whether the server runs
	 */
	public synchronized boolean isRunning() {
		return this.postgres != null;
	}

	/**
	 * Returns the host name the server listens on.
	 * @return {@code localhost}
	 */
	public String host() {
		return HOST;
	}

	/**
	 * Returns the port the server listens on, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns a libpq URL that logs in to the {@code postgres} database as the trusted
	 * superuser.
	 * @return the URL
	 */
	public String url() {
		return "postgresql://postgres@" + HOST + ":" + this.port + "/postgres";
	}

	/**
	 * Returns the file the server writes its log to, appended to across restarts.
	 * @return the log file
	 */
	public Path serverLog() {
		return this.serverLog;
	}

	/**
	 * Reads the server log.
	 * @return the log's text
	 */
	public String serverLogText() {
		try {
			return new String(Files.readAllBytes(this.serverLog), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Counts the server log's lines that contain a text.
	 * @param needle the text
	 * @return the number of lines
	 */
	public long countLogLines(String needle) {
		return serverLogText().lines().filter((line) -> line.contains(needle)).count();
	}

	/**
	 * Creates a login role whose TCP logins require the given password.
	 * @param password the password, any characters
	 * @return the user name
	 */
	public String createUser(String password) {
		String name = "databridge_user_" + userCounter.incrementAndGet();
		execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE " + name + " LOGIN PASSWORD '"
				+ password.replace("'", "''") + "'");
		return name;
	}

	/**
	 * Runs statements as the superuser.
	 * @param sql one or more statements
	 */
	public void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	/**
	 * Runs a query that returns one number, as the superuser.
	 * @param sql the query
	 * @return the number
	 */
	public long queryLong(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			return singleLong(statement.executeQuery(sql), sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	/**
	 * Counts the server's backends, other than the one counting, whose
	 * {@code application_name} matches.
	 * @param applicationName the application name
	 * @param state the state to count, such as {@code idle}, or {@code null} for all
	 * @return the count
	 */
	public int countConnections(String applicationName, @Nullable String state) {
		String sql = "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name = ?"
				+ ((state != null) ? " AND state = ?" : "");
		try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, applicationName);
			if (state != null) {
				statement.setString(2, state);
			}
			return (int) singleLong(statement.executeQuery(), sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql, ex);
		}
	}

	/**
	 * Stops the server if it runs and deletes its data and log.
	 */
	@Override
	public synchronized void close() {
		try {
			if (this.postgres != null) {
				stop();
			}
		}
		finally {
			delete(this.directory);
		}
	}

	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", "postgres");
		properties.setProperty("ApplicationName", "databridge-tests-admin");
		properties.setProperty("sslmode", "disable");
		properties.setProperty("gssEncMode", "disable");
		properties.setProperty("connectTimeout", "10");
		properties.setProperty("socketTimeout", String.valueOf(TIMEOUT.toSeconds()));
		return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + this.port + "/postgres", properties);
	}

	private static long singleLong(ResultSet resultSet, String sql) throws SQLException {
		try (resultSet) {
			if (!resultSet.next()) {
				throw new IllegalStateException("No row from " + sql);
			}
			long value = resultSet.getLong(1);
			if (resultSet.wasNull()) {
				throw new IllegalStateException("Null from " + sql);
			}
			return value;
		}
	}

	private boolean acceptsConnections() {
		try {
			for (InetAddress address : InetAddress.getAllByName(HOST)) {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(address, this.port), 1000);
					return true;
				}
				catch (IOException ex) {
					// Refused on this address
				}
			}
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitCondition(String description, BooleanSupplier condition) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(
						"Gave up waiting " + TIMEOUT.toSeconds() + "s for " + description + "; see " + this.serverLog);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for " + description, ex);
			}
		}
	}

	private static void delete(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
