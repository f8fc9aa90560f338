package io.databridge.data;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transactional service methods as applications declare them.
 *
 * @author Databridge team
 */
class AccountService {

	private final AccountRepository accounts;

	private final DatabaseClient client;

	AccountService(AccountRepository accounts, DatabaseClient client) {
		this.accounts = accounts;
		this.client = client;
	}

	/**
	 * Moves money between two owners' accounts, failing (and rolling back) when the
	 * payer's balance would go negative.
	 * @param from the payer
	 * @param to the payee
	 * @param amount the amount
	 * @return completes once committed
	 */
	@Transactional
	public Mono<Void> transfer(String from, String to, long amount) {
		return this.accounts.credit(to, amount)
			.then(this.accounts.credit(from, -amount))
			.then(this.accounts.findFirstByOwnerOrderByBalanceDesc(from))
			.flatMap((payer) -> (payer.balance() < 0)
					? Mono.error(new IllegalStateException("Insufficient funds of " + from)) : Mono.empty());
	}

	/**
	 * Reads whether the transaction it runs in is read-only, as the server sees it.
	 * @return the server's {@code transaction_read_only}
	 */
	@Transactional(readOnly = true)
	public Mono<String> readOnlyState() {
		return this.client.sql("SHOW transaction_read_only").map((row) -> row.get(0, String.class)).one();
	}

}
