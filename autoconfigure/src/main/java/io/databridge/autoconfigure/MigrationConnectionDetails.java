package io.databridge.autoconfigure;

import io.databridge.connection.ConnectionSettings;
import io.databridge.connection.JdbcUrlMapper;
import io.databridge.url.UrlMasker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * The JDBC view of the Databridge connection that migration tools use: a pgjdbc URL
 * derived from the resolved {@link ConnectionSettings} (see {@link JdbcUrlMapper}), with
 * Databridge's user and password unless the tool's own {@code user} property is set.
 * {@link #toString()} never shows the password, and the URL never carries it.
 *
 * @author Databridge team
 */
abstract class MigrationConnectionDetails {

	private final String jdbcUrl;

	private final String username;

	private final @Nullable String password;

	/**
	 * Creates details from the Databridge connection.
	 * @param connection the resolved connection settings
	 * @param environment the environment to read the tool's credentials from
	 * @param prefix the prefix of the tool's properties, such as {@code spring.flyway},
	 * or {@code null} to use Databridge's credentials
	 */
	MigrationConnectionDetails(ConnectionSettings connection, Environment environment, @Nullable String prefix) {
		this.jdbcUrl = jdbcUrl(connection);
		String username = (prefix != null) ? environment.getProperty(prefix + ".user") : null;
		this.username = (username != null) ? username : connection.username();
		this.password = (username != null) ? environment.getProperty(prefix + ".password") : connection.password();
	}

	private static String jdbcUrl(ConnectionSettings connection) {
		if (connection.unixSocket() != null) {
			throw new InvalidDatabridgePropertyException("databridge.url", connection.unixSocket(),
					"Flyway and Liquibase connect through pgjdbc, which cannot reach a Unix-domain socket "
							+ "without a socket factory of its own.",
					"Set spring.flyway.url (or spring.liquibase.url) to a jdbc:postgresql:// URL for migrations, "
							+ "or connect Databridge over TCP: postgresql://localhost:5432/database");
		}
		return JdbcUrlMapper.toJdbcUrl(connection);
	}

	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	public String getUsername() {
		return this.username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	@Override
	public String toString() {
		return this.jdbcUrl + " as " + this.username + " (password " + UrlMasker.maskSecret(this.password, "<none>")
				+ ")";
	}

	/**
	 * {@link JdbcConnectionDetails} of the Databridge connection.
	 */
	static final class Jdbc extends MigrationConnectionDetails implements JdbcConnectionDetails {

		Jdbc(ConnectionSettings connection, Environment environment) {
			super(connection, environment, null);
		}

	}

	/**
	 * {@link FlywayConnectionDetails} of the Databridge connection;
	 * {@code spring.flyway.user} and {@code spring.flyway.password} replace its
	 * credentials.
	 */
	static final class Flyway extends MigrationConnectionDetails implements FlywayConnectionDetails {

		Flyway(ConnectionSettings connection, Environment environment) {
			super(connection, environment, "spring.flyway");
		}

	}

	/**
	 * {@link LiquibaseConnectionDetails} of the Databridge connection;
	 * {@code spring.liquibase.user} and {@code spring.liquibase.password} replace its
	 * credentials.
	 */
	static final class Liquibase extends MigrationConnectionDetails implements LiquibaseConnectionDetails {

		Liquibase(ConnectionSettings connection, Environment environment) {
			super(connection, environment, "spring.liquibase");
		}

	}

}
