package io.databridge.sample.account;

import java.net.URI;

import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Opens, reads, changes and deletes accounts, and streams all of them.
 *
 * @author Databridge team
 */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

	private final AccountRepository accounts;

	AccountController(AccountRepository accounts) {
		this.accounts = accounts;
	}

	@PostMapping
	Mono<ResponseEntity<Account>> create(@Valid @RequestBody NewAccount account) {
		return this.accounts.insert(account)
			.map((created) -> ResponseEntity.created(URI.create("/api/accounts/" + created.id())).body(created));
	}

	@GetMapping("/{id}")
	Mono<Account> get(@PathVariable long id) {
		return this.accounts.findById(id);
	}

	@PutMapping("/{id}")
	Mono<Account> update(@PathVariable long id, @Valid @RequestBody AccountChanges changes) {
		return this.accounts.update(id, changes);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable long id) {
		return this.accounts.delete(id);
	}

	/**
	 * Streams every account, one JSON document per line (or one server-sent event each),
	 * reading from the database only as fast as the client takes them.
	 * @return the accounts
	 */
	@GetMapping(produces = { MediaType.APPLICATION_NDJSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE })
	Flux<Account> list() {
		return this.accounts.findAll();
	}

}
