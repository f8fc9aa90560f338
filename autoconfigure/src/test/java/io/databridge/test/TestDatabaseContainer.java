package io.databridge.test;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A {@link PostgreSQLContainer} that is never started: it reports the
 * {@link TestDatabase} server's host and port as its mapped address, and the database and
 * credentials it is given, so connection-details factories can be tested without Docker.
 *
 * @author Databridge team
 */
public class TestDatabaseContainer extends PostgreSQLContainer {

	private static final String IMAGE = "postgres:18";

	private final TestDatabase server;

	/**
	 * Creates a container standing for a database of the test server.
	 * @param server the test server
	 * @param database the database name
	 * @param username the login user
	 * @param password the login password
	 */
	public TestDatabaseContainer(TestDatabase server, String database, String username, String password) {
		super(IMAGE);
		this.server = server;
		withDatabaseName(database).withUsername(username).withPassword(password);
	}

	@Override
	public String getHost() {
		return this.server.host();
	}

	@Override
	public Integer getMappedPort(int originalPort) {
		if (originalPort != POSTGRESQL_PORT) {
			throw new IllegalArgumentException("Only port " + POSTGRESQL_PORT + " is mapped, not " + originalPort);
		}
		return this.server.port();
	}

	@Override
	public Integer getFirstMappedPort() {
		return this.server.port();
	}

	@Override
	public String getDockerImageName() {
		return IMAGE;
	}

	@Override
	public boolean isRunning() {
		return true;
	}

	@Override
	public void start() {
		throw new UnsupportedOperationException("A TestDatabaseContainer stands for the running test database");
	}

	@Override
	public void stop() {
	}

}
