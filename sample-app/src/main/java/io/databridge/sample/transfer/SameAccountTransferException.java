package io.databridge.sample.transfer;

/**
 * Thrown when a transfer names the same account on both sides.
 *
 * @author Databridge team
 */
public class SameAccountTransferException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param account the id named twice
	 */
	public SameAccountTransferException(long account) {
		super("A transfer needs two different accounts, but from and to are both " + account);
	}

}
