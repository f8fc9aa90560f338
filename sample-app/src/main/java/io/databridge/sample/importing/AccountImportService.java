package io.databridge.sample.importing;

import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.databridge.sample.account.NewAccount;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

import org.springframework.stereotype.Service;

/**
 * Imports a stream of accounts: checks each row as it arrives and writes them with the
 * chosen {@link ImportMethod}. An invalid row, or a body that cannot be read, stops the
 * import and nothing is kept; it is reported as such, not as the database's reaction to
 * the aborted write.
 *
 * @author Databridge team
 */
@Service
public class AccountImportService {

	private final Validator validator;

	private final CopyAccountImporter copy;

	private final BatchAccountImporter batch;

	AccountImportService(Validator validator, CopyAccountImporter copy, BatchAccountImporter batch) {
		this.validator = validator;
		this.copy = copy;
		this.batch = batch;
	}

	/**
	 * Imports the given accounts.
	 * @param accounts the accounts, read as the import proceeds
	 * @param method how to write them
	 * @return what was imported
	 */
	public Mono<ImportResult> importAccounts(Flux<NewAccount> accounts, ImportMethod method) {
		AccountImporter importer = (method == ImportMethod.COPY) ? this.copy : this.batch;
		return Mono.defer(() -> {
			long start = System.nanoTime();
			AtomicReference<Throwable> readFailure = new AtomicReference<>();
			Flux<NewAccount> checked = accounts.index().map(this::validated).doOnError(readFailure::set);
			return importer.importAccounts(checked)
				.onErrorMap((ex) -> (readFailure.get() != null) ? readFailure.get() : ex)
				.map((imported) -> new ImportResult(imported, method,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
		});
	}

	private NewAccount validated(Tuple2<Long, NewAccount> indexed) {
		NewAccount account = indexed.getT2();
		ConstraintViolation<NewAccount> violation = this.validator.validate(account)
			.stream()
			.min(Comparator.comparing((candidate) -> candidate.getPropertyPath().toString()))
			.orElse(null);
		if (violation != null) {
			throw new InvalidRowException(indexed.getT1() + 1, violation.getPropertyPath().toString(),
					violation.getMessage());
		}
		return account;
	}

}
