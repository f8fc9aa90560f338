package io.databridge.benchmarks.contender;

import io.databridge.benchmarks.server.Dataset;
import io.databridge.benchmarks.springdata.BenchAccountRepository;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactory;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.RowsFetchSpec;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs the {@link SpringShape Spring shapes} on one {@link ConnectionFactory}, through a
 * {@link DatabaseClient}, a Spring Data repository and a {@link TransactionalOperator}
 * built on it, as every R2DBC contender gets them: only the pool differs.
 *
 * @author Databridge team
 */
final class SpringCalls {

	private static final String UPDATE = "UPDATE " + Dataset.SCHEMA
			+ ".pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid";

	private static final String INSERT = "INSERT INTO " + Dataset.SCHEMA
			+ ".pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP)";

	private static final String SELECT = Dataset.POINT_SELECT.replace("$1", ":aid");

	private final DatabaseClient client;

	private final BenchAccountRepository accounts;

	private final TransactionalOperator transactions;

	SpringCalls(ConnectionFactory connectionFactory) {
		this.client = DatabaseClient.create(connectionFactory);
		this.accounts = new R2dbcRepositoryFactory(new R2dbcEntityTemplate(this.client, PostgresDialect.INSTANCE))
			.getRepository(BenchAccountRepository.class);
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
	}

	Mono<?> run(SpringShape shape, int aid) {
		return switch (shape) {
			case ONE -> balance(aid).one();
			case FIRST -> balance(aid).first();
			case SPRING_DATA -> this.accounts.findById(aid)
				.flatMap((account) -> this.accounts.countByAidBetween(account.aid(), account.aid() + 9));
			case TRANSACTION -> this.transactions.transactional(transfer(aid));
		};
	}

	/**
	 * The keyed read of one account's balance, which each shape ends as it needs.
	 */
	private RowsFetchSpec<Integer> balance(int aid) {
		return this.client.sql(SELECT).bind("aid", aid).map((row) -> row.get(0, Integer.class));
	}

	private Mono<Integer> transfer(int aid) {
		return this.client.sql(UPDATE)
			.bind("delta", 1)
			.bind("aid", aid)
			.then()
			.then(balance(aid).one())
			.flatMap((balance) -> this.client.sql(INSERT)
				.bind("aid", aid)
				.bind("delta", 1)
				.fetch()
				.rowsUpdated()
				.thenReturn(balance));
	}

}
