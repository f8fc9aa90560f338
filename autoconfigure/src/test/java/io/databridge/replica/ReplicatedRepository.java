package io.databridge.replica;

import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The repository of {@link Replicated} rows, as an application declares it.
 *
 * @author Databridge team
 */
interface ReplicatedRepository extends ReactiveCrudRepository<Replicated, Integer> {

	Mono<Long> countByIdGreaterThanEqual(int id);

	Mono<Replicated> findFirstByIdGreaterThanEqualOrderByIdDesc(int id);

}
