package io.databridge.sample.account;

import java.math.BigDecimal;
import java.util.Map;

import io.databridge.sample.SampleApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens, reads, changes and deletes accounts over HTTP, including the 400, 404 and 409
 * answers.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class AccountApiTests {

	@Autowired
	WebTestClient client;

	@Test
	void createAnswers201WithTheLocationAndTheStoredAccount() {
		String email = TestAccounts.email("ada");
		Account created = this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", "Ada Lovelace", "email", email, "balance", new BigDecimal("100.50")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Account.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.owner()).isEqualTo("Ada Lovelace");
		assertThat(created.email()).isEqualTo(email);
		assertThat(created.balance()).isEqualTo(new BigDecimal("100.50"));
		this.client.get()
			.uri("/api/accounts/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Account.class)
			.isEqualTo(created);
	}

	@Test
	void createAnswersWithTheNewAccountsLocation() {
		this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", "Ada", "email", TestAccounts.email("ada")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).matches("/api/accounts/\\d+"));
	}

	@Test
	void createWithoutBalanceOpensTheAccountAtZero() {
		this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", "Bob", "email", TestAccounts.email("bob")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo(0.0);
	}

	@Test
	void createWithAnInvalidEmailAnswers400NamingTheField() {
		this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", "Ada", "email", "not-an-email"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: email must be a well-formed email address")
			.jsonPath("$.errors[0].field")
			.isEqualTo("email")
			.jsonPath("$.errors[0].message")
			.isEqualTo("must be a well-formed email address")
			.jsonPath("$.errors.length()")
			.isEqualTo(1);
	}

	@Test
	void createWithSeveralInvalidFieldsNamesEachOfThem() {
		this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", " ", "email", "ada@example.com", "balance", new BigDecimal("-1")))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: balance must be greater than or equal to 0.00, owner must not be blank");
	}

	@Test
	void createWithABodyThatIsNotJsonAnswers400() {
		this.client.post()
			.uri("/api/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"owner\": \"Ada\",")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: the body is not valid JSON");
	}

	@Test
	void createWithAFieldOfTheWrongTypeAnswers400NamingTheField() {
		this.client.post()
			.uri("/api/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"owner\": \"Ada\", \"email\": \"ada@example.com\", \"balance\": \"lots\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: balance could not be read");
	}

	@Test
	void createWithAnEmailAlreadyTakenAnswers409() {
		Account existing = TestAccounts.open(this.client, "Ada", "0");
		this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", "Other Ada", "email", existing.email()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("An account with email " + existing.email() + " already exists");
	}

	@Test
	void getAnUnknownAccountAnswers404() {
		this.client.get()
			.uri("/api/accounts/{id}", Long.MAX_VALUE)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + Long.MAX_VALUE + " does not exist")
			.jsonPath("$.instance")
			.isEqualTo("/api/accounts/" + Long.MAX_VALUE);
	}

	@Test
	void getWithAnIdThatIsNotANumberAnswers400NamingIt() {
		this.client.get()
			.uri("/api/accounts/ada")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: id must be a long");
	}

	@Test
	void updateChangesOwnerAndEmailAndKeepsTheBalance() {
		Account account = TestAccounts.open(this.client, "Ada", "12.34");
		String email = TestAccounts.email("countess");
		Account updated = this.client.put()
			.uri("/api/accounts/{id}", account.id())
			.bodyValue(Map.of("owner", "Countess of Lovelace", "email", email, "balance", 1000))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Account.class)
			.returnResult()
			.getResponseBody();
		assertThat(updated).isEqualTo(
				new Account(account.id(), "Countess of Lovelace", email, new BigDecimal("12.34"), account.createdAt()));
		this.client.get()
			.uri("/api/accounts/{id}", account.id())
			.exchange()
			.expectBody(Account.class)
			.isEqualTo(updated);
	}

	@Test
	void updateAnUnknownAccountAnswers404() {
		this.client.put()
			.uri("/api/accounts/{id}", Long.MAX_VALUE)
			.bodyValue(Map.of("owner", "Nobody", "email", TestAccounts.email("nobody")))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + Long.MAX_VALUE + " does not exist");
	}

	@Test
	void updateToAnEmailAlreadyTakenAnswers409AndChangesNothing() {
		Account ada = TestAccounts.open(this.client, "Ada", "0");
		Account bob = TestAccounts.open(this.client, "Bob", "0");
		this.client.put()
			.uri("/api/accounts/{id}", bob.id())
			.bodyValue(Map.of("owner", "Bob", "email", ada.email()))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		this.client.get().uri("/api/accounts/{id}", bob.id()).exchange().expectBody(Account.class).isEqualTo(bob);
	}

	@Test
	void updateWithABlankOwnerAnswers400NamingTheField() {
		Account account = TestAccounts.open(this.client, "Ada", "0");
		this.client.put()
			.uri("/api/accounts/{id}", account.id())
			.bodyValue(Map.of("owner", "", "email", account.email()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid request: owner must not be blank");
	}

	@Test
	void deleteRemovesTheAccount() {
		Account account = TestAccounts.open(this.client, "Ada", "0");
		this.client.delete()
			.uri("/api/accounts/{id}", account.id())
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectBody()
			.isEmpty();
		this.client.get().uri("/api/accounts/{id}", account.id()).exchange().expectStatus().isNotFound();
	}

	@Test
	void deleteAnUnknownAccountAnswers404() {
		this.client.delete()
			.uri("/api/accounts/{id}", Long.MAX_VALUE)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + Long.MAX_VALUE + " does not exist");
	}

	@Test
	void deleteAnAccountWithTransfersAnswers409AndKeepsIt() {
		Account ada = TestAccounts.open(this.client, "Ada", "10");
		Account bob = TestAccounts.open(this.client, "Bob", "0");
		this.client.post()
			.uri("/api/transfers")
			.bodyValue(Map.of("from", ada.id(), "to", bob.id(), "amount", 1))
			.exchange()
			.expectStatus()
			.isCreated();
		this.client.delete()
			.uri("/api/accounts/{id}", ada.id())
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Account " + ada.id() + " has transfers and cannot be deleted");
		this.client.get().uri("/api/accounts/{id}", ada.id()).exchange().expectStatus().isOk();
	}

}
