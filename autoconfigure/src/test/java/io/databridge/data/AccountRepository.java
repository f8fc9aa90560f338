package io.databridge.data;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The repository methods applications write: derived queries (which Spring Data runs with
 * {@code first()}-style reads for single results, counts and existence checks),
 * {@code @Query} and {@code @Modifying} statements.
 *
 * @author Databridge team
 */
interface AccountRepository extends ReactiveCrudRepository<Account, Long> {

	Flux<Account> findByOwner(String owner);

	Mono<Account> findFirstByOwnerOrderByBalanceDesc(String owner);

	Mono<Boolean> existsByOwner(String owner);

	Mono<Long> countByOwner(String owner);

	@Query("SELECT * FROM account WHERE balance >= :minimum ORDER BY id")
	Flux<Account> findWithBalanceAtLeast(long minimum);

	@Modifying
	@Query("UPDATE account SET balance = balance + :amount WHERE owner = :owner")
	Mono<Integer> credit(String owner, long amount);

}
