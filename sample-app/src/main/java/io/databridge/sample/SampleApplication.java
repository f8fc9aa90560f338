package io.databridge.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application on the Databridge starter: accounts, transfers, bulk import, a
 * streamed listing and a live page of the pool. With no {@code databridge.url} it runs on
 * an embedded PostgreSQL, with {@code DATABRIDGE_URL} on that database.
 *
 * @author Databridge team
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
