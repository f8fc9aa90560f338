package io.databridge.sample.account;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Opens accounts over HTTP for tests, each with an email address no other test uses.
 *
 * @author Databridge team
 */
public final class TestAccounts {

	private TestAccounts() {
	}

	/**
	 * Returns an email address no other test uses.
	 * @param name the address's first part
	 * @return the address
	 */
	public static String email(String name) {
		return name + "-" + UUID.randomUUID() + "@example.com";
	}

	/**
	 * Opens an account through {@code POST /api/accounts}.
	 * @param client the client
	 * @param owner the owner's name
	 * @param balance the opening balance
	 * @return the account
	 */
	public static Account open(WebTestClient client, String owner, String balance) {
		return client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", owner, "email", email(owner.toLowerCase()), "balance", new BigDecimal(balance)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Account.class)
			.returnResult()
			.getResponseBody();
	}

}
