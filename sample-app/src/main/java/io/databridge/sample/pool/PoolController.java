package io.databridge.sample.pool;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the pool's state to the live page, which polls it twice a second.
 *
 * @author Databridge team
 */
@RestController
class PoolController {

	private final PoolStatistics statistics;

	PoolController(PoolStatistics statistics) {
		this.statistics = statistics;
	}

	@GetMapping("/api/pool")
	Mono<PoolSnapshot> pool() {
		return this.statistics.snapshot();
	}

}
