package io.databridge.sample.importing;

import java.math.BigDecimal;
import java.util.List;

import io.databridge.sample.account.NewAccount;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports accounts with batched {@code INSERT}s, for databases or proxies that do not
 * allow {@code COPY}: {@value #ROWS_PER_STATEMENT} rows per statement, bound as three
 * arrays and spread into rows by {@code unnest}, so a statement is one round trip
 * whatever its size. All statements run in one transaction.
 *
 * @author Databridge team
 */
@Component
class BatchAccountImporter implements AccountImporter {

	private static final String INSERT = "INSERT INTO account (owner, email, balance) "
			+ "SELECT * FROM unnest(:owners::varchar[], :emails::varchar[], :balances::numeric[])";

	private static final int ROWS_PER_STATEMENT = 1000;

	private final DatabaseClient client;

	BatchAccountImporter(DatabaseClient client) {
		this.client = client;
	}

	@Override
	@Transactional
	public Mono<Long> importAccounts(Flux<NewAccount> accounts) {
		return accounts.buffer(ROWS_PER_STATEMENT).concatMap(this::insert).reduce(0L, Long::sum);
	}

	private Mono<Long> insert(List<NewAccount> accounts) {
		return this.client.sql(INSERT)
			.bind("owners", accounts.stream().map(NewAccount::owner).toArray(String[]::new))
			.bind("emails", accounts.stream().map(NewAccount::email).toArray(String[]::new))
			.bind("balances", accounts.stream().map(NewAccount::balance).toArray(BigDecimal[]::new))
			.fetch()
			.rowsUpdated();
	}

}
