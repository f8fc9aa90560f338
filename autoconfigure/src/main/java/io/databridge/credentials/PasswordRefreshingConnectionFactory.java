package io.databridge.credentials;

import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import reactor.core.publisher.Mono;

/**
 * Opens connections with a supplied password, and turns the server's refusal of it into a
 * {@link PasswordRefusedException} after dropping the cached password, so that the next
 * attempt logs in with a fresh one.
 *
 * @author Databridge team
 */
public final class PasswordRefreshingConnectionFactory implements ConnectionFactory {

	private final ConnectionFactory driver;

	private final CachedPassword password;

	private final String poolName;

	/**
	 * Creates a factory.
	 * @param driver opens connections, asking {@code password} for the password
	 * @param password the cached supplied password
	 * @param poolName the pool, named in messages
	 */
	public PasswordRefreshingConnectionFactory(ConnectionFactory driver, CachedPassword password, String poolName) {
		this.driver = driver;
		this.password = password;
		this.poolName = poolName;
	}

	@Override
	public Mono<? extends Connection> create() {
		return Mono.<Connection>from(this.driver.create()).onErrorMap(this::refusedPassword, (ex) -> {
			this.password.refused();
			return new PasswordRefusedException(this.poolName, ex);
		});
	}

	private boolean refusedPassword(Throwable failure) {
		DatabaseError error = DatabaseError.of(failure);
		return error.kind() == ErrorKind.AUTHENTICATION && "28P01".equals(error.sqlState());
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.driver.getMetadata();
	}

}
