package io.databridge.credentials;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Supplies the password of each new connection, for passwords that change while the
 * application runs: AWS RDS and Aurora IAM authentication tokens (valid 15 minutes),
 * HashiCorp Vault or AWS Secrets Manager rotations. Declare one as a bean and Databridge
 * asks it, instead of using {@code databridge.password} or the URL's password, whenever
 * it opens a connection and its cached password is older than
 * {@code databridge.credentials.cache-time} or was refused by the server. Open
 * connections are not affected: PostgreSQL checks a password only at login.
 *
 * @author Databridge team
 */
@FunctionalInterface
public interface DatabridgePasswordSupplier {

	/**
	 * Returns the password to log in with. Called off the event loops; a blocking call to
	 * a secret store is acceptable, though a non-blocking one is better.
	 * @param request where the connection goes and as whom
	 * @return the password
	 */
	Mono<String> password(PasswordRequest request);

	/**
	 * Returns how long a password stays valid once supplied, if that is known, such as 15
	 * minutes for an RDS IAM token. Databridge warns at startup when connections may live
	 * longer ({@code databridge.pool.max-lifetime}), which matters where the server ends
	 * the sessions of an expired credential, as Vault's dynamic roles do.
	 * @return the lifetime, or {@code null} if unknown
	 */
	default @Nullable Duration lifetime() {
		return null;
	}

	/**
	 * Where a connection goes and as whom, for suppliers that mint a password for a host
	 * and user, as RDS IAM tokens are.
	 *
	 * @param poolName the pool opening the connection
	 * @param host the host of the server (the first, when several are given)
	 * @param port its port
	 * @param database the database
	 * @param username the user
	 */
	record PasswordRequest(String poolName, String host, int port, String database, String username) {

	}

}
