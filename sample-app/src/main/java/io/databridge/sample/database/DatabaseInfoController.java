package io.databridge.sample.database;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows which database the application talks to, through the pooled connection the
 * starter configured.
 *
 * @author Databridge team
 */
@RestController
class DatabaseInfoController {

	private final DatabaseClient client;

	DatabaseInfoController(DatabaseClient client) {
		this.client = client;
	}

	@GetMapping("/api/database")
	Mono<Map<String, Object>> info() {
		return this.client
			.sql("SELECT version() AS server, current_database() AS database, current_user AS \"user\", "
					+ "current_setting('application_name') AS application_name")
			.fetch()
			.one();
	}

}
