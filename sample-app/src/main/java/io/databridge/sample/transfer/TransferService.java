package io.databridge.sample.transfer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

import io.databridge.sample.account.AccountNotFoundException;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves money between two accounts in one transaction.
 * <p>
 * Both rows are locked first, in id order, so that two opposite transfers cannot
 * deadlock. The ledger row is written, then the accounts are debited and credited. The
 * database's {@code CHECK (balance >= 0)} is what refuses an overdraft: its violation
 * rolls the whole transaction back, ledger row included, and is reported as
 * {@link InsufficientFundsException}.
 *
 * @author Databridge team
 */
@Service
public class TransferService {

	private final DatabaseClient client;

	TransferService(DatabaseClient client) {
		this.client = client;
	}

	/**
	 * Makes a transfer.
	 * @param request the transfer
	 * @return the ledger entry, once committed
	 */
	@Transactional
	public Mono<Transfer> transfer(TransferRequest request) {
		long from = request.from();
		long to = request.to();
		if (from == to) {
			return Mono.error(new SameAccountTransferException(from));
		}
		return lockBalances(from, to).flatMap((balances) -> {
			if (!balances.containsKey(from)) {
				return Mono.error(new AccountNotFoundException(from));
			}
			if (!balances.containsKey(to)) {
				return Mono.error(new AccountNotFoundException(to));
			}
			return record(request).flatMap((transfer) -> move(request, balances.get(from)).thenReturn(transfer));
		});
	}

	private Mono<Map<Long, BigDecimal>> lockBalances(long first, long second) {
		return this.client.sql("SELECT id, balance FROM account WHERE id IN (:first, :second) ORDER BY id FOR UPDATE")
			.bind("first", first)
			.bind("second", second)
			.map((row) -> Map.entry(row.get("id", Long.class), row.get("balance", BigDecimal.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	private Mono<Transfer> record(TransferRequest request) {
		return this.client
			.sql("INSERT INTO transfer (from_account, to_account, amount) VALUES (:from, :to, :amount) "
					+ "RETURNING id, created_at")
			.bind("from", request.from())
			.bind("to", request.to())
			.bind("amount", request.amount())
			.map((row) -> new Transfer(row.get("id", Long.class), request.from(), request.to(), request.amount(),
					row.get("created_at", OffsetDateTime.class)))
			.one();
	}

	private Mono<Void> move(TransferRequest request, BigDecimal balance) {
		Mono<Long> debit = adjust(request.from(), request.amount().negate()).onErrorMap(
				DataIntegrityViolationException.class,
				(ex) -> new InsufficientFundsException(request.from(), balance, request.amount()));
		return debit.then(adjust(request.to(), request.amount())).then();
	}

	private Mono<Long> adjust(long account, BigDecimal delta) {
		return this.client.sql("UPDATE account SET balance = balance + :delta WHERE id = :id")
			.bind("delta", delta)
			.bind("id", account)
			.fetch()
			.rowsUpdated();
	}

}
