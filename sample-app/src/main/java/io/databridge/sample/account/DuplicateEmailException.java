package io.databridge.sample.account;

/**
 * Thrown when an account would get an email address another account already has.
 *
 * @author Databridge team
 */
public class DuplicateEmailException extends RuntimeException {

	/**
	 * Creates an exception for the given address.
	 * @param email the address already taken
	 */
	public DuplicateEmailException(String email) {
		super("An account with email " + email + " already exists");
	}

}
