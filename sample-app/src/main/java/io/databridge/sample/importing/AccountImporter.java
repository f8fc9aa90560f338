package io.databridge.sample.importing;

import io.databridge.sample.account.NewAccount;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a stream of accounts to the database, all or none.
 *
 * @author Databridge team
 */
interface AccountImporter {

	/**
	 * Writes the given accounts as they arrive.
	 * @param accounts the accounts, already validated
	 * @return the number of accounts written, once all are
	 */
	Mono<Long> importAccounts(Flux<NewAccount> accounts);

}
