package io.databridge.sample.transfer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import io.databridge.sample.account.Account;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Makes transfers over HTTP and reads balances from the database, for tests.
 *
 * @author Databridge team
 */
public final class TestTransfers {

	private TestTransfers() {
	}

	/**
	 * Asks for a transfer through {@code POST /api/transfers}.
	 * @param client the client
	 * @param from the account to take the money from
	 * @param to the account to credit
	 * @param amount the amount
	 * @return the response, to be checked
	 */
	public static WebTestClient.ResponseSpec transfer(WebTestClient client, long from, long to, String amount) {
		return client.post()
			.uri("/api/transfers")
			.bodyValue(Map.of("from", from, "to", to, "amount", new BigDecimal(amount)))
			.exchange();
	}

	/**
	 * Reads an account's balance from the database.
	 * @param database the database
	 * @param account the account
	 * @return the balance
	 */
	public static BigDecimal balance(DatabaseClient database, Account account) {
		return database.sql("SELECT balance FROM account WHERE id = :id")
			.bind("id", account.id())
			.map((row) -> row.get(0, BigDecimal.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
