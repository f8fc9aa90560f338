package io.databridge.benchmarks.springdata;

import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The repository of {@code pgbench_accounts}: {@code findById} and a derived count, the
 * two calls Spring Data runs with a read that stops after its first row.
 *
 * @author Databridge team
 */
public interface BenchAccountRepository extends ReactiveCrudRepository<BenchAccount, Integer> {

	/**
	 * Counts the accounts in an id range, through the primary key's index.
	 * @param from the first id
	 * @param to the last id
	 * @return the count
	 */
	Mono<Long> countByAidBetween(int from, int to);

}
