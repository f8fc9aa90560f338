package io.databridge.sample.transfer;

import java.math.BigDecimal;

/**
 * Thrown when a transfer would take an account's balance below zero. The transfer is
 * rolled back.
 *
 * @author Databridge team
 */
public class InsufficientFundsException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param account the id of the account to debit
	 * @param balance its balance
	 * @param amount the amount asked for
	 */
	public InsufficientFundsException(long account, BigDecimal balance, BigDecimal amount) {
		super("Account " + account + " has a balance of " + balance.toPlainString() + ", less than the "
				+ amount.toPlainString() + " to transfer");
	}

}
