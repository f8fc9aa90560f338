package io.databridge.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A PgBouncer of its own, from Debian's {@code pgbouncer} package, in front of one
 * PostgreSQL server: its own configuration, port and log, SCRAM authentication of the
 * users it is given, and every database of the server reachable under its own name.
 * Started as an unprivileged user when the tests run as root, since PgBouncer refuses to
 * run as root.
 *
 * @author Databridge team
 */
public final class PgBouncer implements AutoCloseable {

	/**
	 * Where Debian's package installs PgBouncer.
	 */
	public static final Path EXECUTABLE = Path.of("/usr/sbin/pgbouncer");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private final Path directory;

	private final int port;

	private final Process process;

	private PgBouncer(Path directory, int port, Process process) {
		this.directory = directory;
		this.port = port;
		this.process = process;
	}

	/**
	 * Returns whether PgBouncer is installed.
	 * @return whether {@link #EXECUTABLE} can be run
	 */
	public static boolean isInstalled() {
		return Files.isExecutable(EXECUTABLE);
	}

	/**
	 * Starts describing a PgBouncer in front of the given server.
	 * @param serverHost the PostgreSQL server's host
	 * @param serverPort the PostgreSQL server's port
	 * @return the builder
	 */
	public static Builder in(String serverHost, int serverPort) {
		return new Builder(serverHost, serverPort);
	}

	/**
	 * Returns the host PgBouncer listens on.
	 * @return the host
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * Returns the port PgBouncer listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns a libpq URL through PgBouncer.
	 * @param user the user, one of those PgBouncer was given
	 * @param password the user's password
	 * @param database the database
	 * @return the URL
	 */
	public String url(String user, String password, String database) {
		return "postgresql://" + encode(user) + ":" + encode(password) + "@" + host() + ":" + this.port + "/"
				+ database;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Returns what PgBouncer wrote to its log so far.
	 * @return the log
	 */
	public String log() {
		try {
			Path log = this.directory.resolve("pgbouncer.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Describes a PgBouncer to start.
	 */
	public static final class Builder {

		private final String serverHost;

		private final int serverPort;

		private final Map<String, String> users = new LinkedHashMap<>();

		private final Map<String, String> settings = new LinkedHashMap<>();

		private Builder(String serverHost, int serverPort) {
			this.serverHost = serverHost;
			this.serverPort = serverPort;
			this.settings.put("auth_type", "scram-sha-256");
			this.settings.put("pool_mode", "transaction");
			this.settings.put("default_pool_size", "2");
			this.settings.put("max_client_conn", "2000");
			this.settings.put("ignore_startup_parameters", "extra_float_digits");
		}

		/**
		 * Sets the pool mode: {@code session}, {@code transaction} (the default) or
		 * {@code statement}.
		 * @param mode the pool mode
		 * @return this builder
		 */
		public Builder poolMode(String mode) {
			return set("pool_mode", mode);
		}

		/**
		 * Sets how many server connections PgBouncer opens per user and database (2
		 * unless set).
		 * @param size the pool size
		 * @return this builder
		 */
		public Builder defaultPoolSize(int size) {
			return set("default_pool_size", Integer.toString(size));
		}

		/**
		 * Sets the startup parameters PgBouncer ignores instead of refusing
		 * ({@code extra_float_digits} unless set; empty to refuse every parameter it does
		 * not track).
		 * @param parameters the parameter names, comma-separated
		 * @return this builder
		 */
		public Builder ignoreStartupParameters(String parameters) {
			return set("ignore_startup_parameters", parameters);
		}

		/**
		 * Sets any other setting of PgBouncer's {@code [pgbouncer]} section.
		 * @param name the setting
		 * @param value its value
		 * @return this builder
		 */
		public Builder set(String name, String value) {
			this.settings.put(name, value);
			return this;
		}

		/**
		 * Lets the given user log in through PgBouncer; PgBouncer logs in to the server
		 * with the same password.
		 * @param name the user, a login role of the server
		 * @param password the user's password
		 * @return this builder
		 */
		public Builder user(String name, String password) {
			this.users.put(name, password);
			return this;
		}

		/**
		 * Starts PgBouncer, returning once it accepts connections.
		 * @return the running PgBouncer
		 */
		public PgBouncer start() {
			try {
				Path directory = Files.createTempDirectory("databridge-pgbouncer");
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
				int port = FreePort.find();
				Path config = directory.resolve("pgbouncer.ini");
				Files.writeString(config, config(directory, port));
				Files.writeString(directory.resolve("userlist.txt"), userlist());
				Process process = new ProcessBuilder(command(config)).redirectErrorStream(true)
					.redirectOutput(directory.resolve("stdout.log").toFile())
					.start();
				PgBouncer bouncer = new PgBouncer(directory, port, process);
				awaitListening(bouncer, directory);
				return bouncer;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private String config(Path directory, int port) {
			List<String> lines = new ArrayList<>();
			lines.add("[databases]");
			lines.add("* = host=" + this.serverHost + " port=" + this.serverPort);
			lines.add("[pgbouncer]");
			lines.add("listen_addr = 127.0.0.1");
			lines.add("listen_port = " + port);
			lines.add("unix_socket_dir =");
			lines.add("auth_file = " + directory.resolve("userlist.txt"));
			lines.add("logfile = " + directory.resolve("pgbouncer.log"));
			lines.add("pidfile = " + directory.resolve("pgbouncer.pid"));
			this.settings.forEach((name, value) -> lines.add(name + " = " + value));
			return String.join("\n", lines) + "\n";
		}

		private String userlist() {
			StringBuilder userlist = new StringBuilder();
			this.users.forEach((name, password) -> userlist.append('"')
				.append(name.replace("\"", "\"\""))
				.append("\" \"")
				.append(password.replace("\"", "\"\""))
				.append("\"\n"));
			return userlist.toString();
		}

		private static List<String> command(Path config) {
			List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString()));
			String user = unprivilegedUser();
			if (user != null) {
				command.add("--user=" + user);
			}
			command.add(config.toString());
			return command;
		}

		private static @Nullable String unprivilegedUser() {
			if (!"root".equals(System.getProperty("user.name"))) {
				return null;
			}
			return Files.isDirectory(Path.of("/var/lib/postgresql")) ? "postgres" : "nobody";
		}

		private static void awaitListening(PgBouncer bouncer, Path directory) {
			long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
			while (System.nanoTime() < deadline) {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(bouncer.host(), bouncer.port), 1000);
					return;
				}
				catch (IOException ex) {
					if (!bouncer.process.isAlive()) {
						throw new IllegalStateException("PgBouncer exited with " + bouncer.process.exitValue() + ": "
								+ bouncer.log() + output(directory));
					}
					sleep();
				}
			}
			bouncer.close();
			throw new IllegalStateException(
					"PgBouncer did not listen within " + STARTUP_TIMEOUT + ": " + bouncer.log());
		}

		private static String output(Path directory) {
			try {
				return Files.readString(directory.resolve("stdout.log"));
			}
			catch (IOException ex) {
				return "";
			}
		}

		private static void sleep() {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
