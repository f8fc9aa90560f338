package io.databridge.credentials;

import io.databridge.error.ClassifiedFailure;
import io.databridge.error.ErrorKind;

/**
 * The server refused a password from the {@link DatabridgePasswordSupplier}. That happens
 * while a password rotates (the server and the secret store change it one after the
 * other), so it is a passing failure: the pool asks the supplier again and retries until
 * the acquire timeout.
 *
 * @author Databridge team
 */
public class PasswordRefusedException extends RuntimeException implements ClassifiedFailure {

	/**
	 * Creates an exception.
	 * @param poolName the pool
	 * @param cause the server's refusal, whose message carries no password
	 */
	public PasswordRefusedException(String poolName, Throwable cause) {
		super("[" + poolName + "] The server refused the password from the DatabridgePasswordSupplier; "
				+ "the next attempt asks it for a new one", cause);
	}

	@Override
	public ErrorKind kind() {
		return ErrorKind.PASSWORD_REFUSED;
	}

}
