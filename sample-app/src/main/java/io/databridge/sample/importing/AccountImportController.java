package io.databridge.sample.importing;

import io.databridge.sample.account.NewAccount;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Imports accounts from a request body of newline-delimited JSON, one account a line,
 * read and written as it streams in.
 *
 * @author Databridge team
 */
@RestController
class AccountImportController {

	private final AccountImportService imports;

	AccountImportController(AccountImportService imports) {
		this.imports = imports;
	}

	@PostMapping(path = "/api/accounts/import", consumes = MediaType.APPLICATION_NDJSON_VALUE)
	Mono<ImportResult> importAccounts(@RequestBody Flux<NewAccount> accounts,
			@RequestParam(defaultValue = "copy") ImportMethod method) {
		return this.imports.importAccounts(accounts, method);
	}

}
