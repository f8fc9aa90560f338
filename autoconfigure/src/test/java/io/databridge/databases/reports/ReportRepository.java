package io.databridge.databases.reports;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The repository of {@link Report}s, enabled on the {@code reports} database's entity
 * template.
 *
 * @author Databridge team
 */
public interface ReportRepository extends ReactiveCrudRepository<Report, Long> {

	/**
	 * Finds the reports of a title.
	 * @param title the title
	 * @return the reports
	 */
	Flux<Report> findByTitle(String title);

	/**
	 * Tells whether a report of the title exists.
	 * @param title the title
	 * @return whether one exists
	 */
	Mono<Boolean> existsByTitle(String title);

	/**
	 * Sums the totals of all reports.
	 * @return the sum
	 */
	@Query("SELECT coalesce(sum(total), 0) FROM report")
	Mono<Long> sumOfTotals();

}
