package io.databridge.sample.account;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Stores accounts with plain SQL through Spring's {@link DatabaseClient}. Missing rows
 * and violated constraints become the exceptions of this package.
 *
 * @author Databridge team
 */
@Repository
public class AccountRepository {

	/**
	 * Rows fetched per round trip when streaming, so that a listing of any size holds a
	 * bounded number of rows in memory.
	 */
	static final int FETCH_SIZE = 500;

	private static final String COLUMNS = "id, owner, email, balance, created_at";

	private final DatabaseClient client;

	AccountRepository(DatabaseClient client) {
		this.client = client;
	}

	Mono<Account> insert(NewAccount account) {
		return this.client
			.sql("INSERT INTO account (owner, email, balance) VALUES (:owner, :email, :balance) RETURNING " + COLUMNS)
			.bind("owner", account.owner())
			.bind("email", account.email())
			.bind("balance", account.balance())
			.map(AccountRepository::account)
			.one()
			.onErrorMap(DuplicateKeyException.class, (ex) -> new DuplicateEmailException(account.email()));
	}

	/**
	 * Returns the account with the given id.
	 * @param id the id
	 * @return the account
	 * @throws AccountNotFoundException (signalled) when there is none
	 */
	public Mono<Account> findById(long id) {
		return this.client.sql("SELECT " + COLUMNS + " FROM account WHERE id = :id")
			.bind("id", id)
			.map(AccountRepository::account)
			.one()
			.switchIfEmpty(Mono.error(() -> new AccountNotFoundException(id)));
	}

	Mono<Account> update(long id, AccountChanges changes) {
		return this.client.sql("UPDATE account SET owner = :owner, email = :email WHERE id = :id RETURNING " + COLUMNS)
			.bind("owner", changes.owner())
			.bind("email", changes.email())
			.bind("id", id)
			.map(AccountRepository::account)
			.one()
			.onErrorMap(DuplicateKeyException.class, (ex) -> new DuplicateEmailException(changes.email()))
			.switchIfEmpty(Mono.error(() -> new AccountNotFoundException(id)));
	}

	Mono<Void> delete(long id) {
		return this.client.sql("DELETE FROM account WHERE id = :id")
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.onErrorMap(DataIntegrityViolationException.class, (ex) -> new AccountInUseException(id))
			.flatMap((deleted) -> (deleted > 0) ? Mono.empty() : Mono.error(new AccountNotFoundException(id)));
	}

	/**
	 * Streams every account in id order, {@link #FETCH_SIZE} rows per round trip, as fast
	 * as the subscriber asks for them.
	 * @return the accounts
	 */
	Flux<Account> findAll() {
		return this.client.sql("SELECT " + COLUMNS + " FROM account ORDER BY id")
			.filter((statement) -> statement.fetchSize(FETCH_SIZE))
			.map(AccountRepository::account)
			.all();
	}

	private static Account account(Readable row) {
		return new Account(row.get("id", Long.class), row.get("owner", String.class), row.get("email", String.class),
				row.get("balance", BigDecimal.class), row.get("created_at", OffsetDateTime.class));
	}

}
