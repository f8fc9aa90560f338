package io.databridge.sample.load;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fires a burst of load at the pool, for the live page's button.
 *
 * @author Databridge team
 */
@RestController
class LoadController {

	private final LoadGenerator generator;

	LoadController(LoadGenerator generator) {
		this.generator = generator;
	}

	@PostMapping("/api/load")
	Mono<LoadResult> burst(@RequestParam(defaultValue = "500") @Min(1) @Max(10_000) int requests,
			@RequestParam(defaultValue = "50") @Min(1) @Max(1_000) int concurrency) {
		return this.generator.burst(requests, concurrency);
	}

}
