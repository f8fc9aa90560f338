package io.databridge.transaction;

import io.databridge.pool.LeaseScope;
import io.databridge.pool.ReadOnlyTransactions;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * An {@link R2dbcTransactionManager} that does not lose a connection when a transaction
 * is cancelled while it begins.
 * <p>
 * Spring's manager acquires a connection, begins a transaction on it and only then hands
 * the transaction to the code that commits it or rolls it back. A cancellation that
 * arrives in between (a client that disconnects, a {@code timeout} operator) leaves the
 * connection checked out for good: nobody holds the transaction any more, so nobody ends
 * it. Here the begin runs in a {@link LeaseScope}: when it is cancelled, the connection
 * it leased is closed and its place in the pool freed.
 * <p>
 * A read-only transaction ({@code @Transactional(readOnly = true)}, or a
 * {@code TransactionalOperator} with a read-only definition) asks for its connection with
 * the {@link ReadOnlyTransactions} mark, so that a pool with read replicas runs it on
 * one. The mark is set before the connection is chosen, which a routing connection
 * factory reading the transaction's own flag cannot do.
 *
 * @author Databridge team
 */
public class CancellationSafeTransactionManager extends R2dbcTransactionManager {

	/**
	 * Creates a transaction manager over the given connection factory.
	 * @param connectionFactory the connection factory, normally a Databridge pool
	 */
	public CancellationSafeTransactionManager(ConnectionFactory connectionFactory) {
		super(connectionFactory);
	}

	@Override
	protected Mono<Void> doBegin(TransactionSynchronizationManager synchronizationManager, Object transaction,
			TransactionDefinition definition) {
		return Mono.defer(() -> {
			LeaseScope scope = new LeaseScope();
			Mono<Void> begin = super.doBegin(synchronizationManager, transaction, definition).doOnCancel(scope::cancel)
				.contextWrite(scope::putInto);
			return definition.isReadOnly() ? begin.contextWrite(ReadOnlyTransactions::mark) : begin;
		});
	}

}
