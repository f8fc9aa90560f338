package io.databridge.sample.account;

/**
 * Thrown when an account that took part in transfers is deleted: the ledger keeps it.
 *
 * @author Databridge team
 */
public class AccountInUseException extends RuntimeException {

	/**
	 * Creates an exception for the given account.
	 * @param id the account's id
	 */
	public AccountInUseException(long id) {
		super("Account " + id + " has transfers and cannot be deleted");
	}

}
