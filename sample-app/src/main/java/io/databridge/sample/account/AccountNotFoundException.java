package io.databridge.sample.account;

/**
 * Thrown when an account that does not exist is asked for.
 *
 * @author Databridge team
 */
public class AccountNotFoundException extends RuntimeException {

	/**
	 * Creates an exception for the given account.
	 * @param id the id that names no account
	 */
	public AccountNotFoundException(long id) {
		super("Account " + id + " does not exist");
	}

}
