package io.databridge.sample.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample application against a database that does not answer (nothing listens
 * on its port; {@code databridge.startup.mode=lazy} lets it start) and checks that every
 * endpoint that needs the database answers 503 with a problem detail, no stack trace and
 * no connection details.
 *
 * @author Databridge team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "databridge.startup.mode=lazy", "databridge.pool.acquire-timeout=500ms",
				"databridge.health.timeout=1s", "spring.sql.init.mode=never" })
@AutoConfigureWebTestClient
class DatabaseOutageTests {

	private static final String DETAIL = "The database is unavailable (no connection within the acquire timeout; "
			+ "the last attempt to open one failed: connection-refused (SQLSTATE 08003)); try again shortly";

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void unreachableDatabase(DynamicPropertyRegistry registry) {
		registry.add("databridge.url", () -> "postgresql://app:s3cret@127.0.0.1:" + closedPort() + "/orders");
	}

	@Test
	void readingAnAccountAnswers503() {
		assertUnavailable(this.client.get().uri("/api/accounts/1").exchange());
	}

	@Test
	void openingAnAccountAnswers503() {
		assertUnavailable(this.client.post()
			.uri("/api/accounts")
			.bodyValue(Map.of("owner", "Ada", "email", "ada@example.com"))
			.exchange());
	}

	@Test
	void transferAnswers503() {
		assertUnavailable(
				this.client.post().uri("/api/transfers").bodyValue(Map.of("from", 1, "to", 2, "amount", 1)).exchange());
	}

	@Test
	void streamedListingAnswers503() {
		assertUnavailable(this.client.get().uri("/api/accounts").accept(MediaType.APPLICATION_NDJSON).exchange());
	}

	@Test
	void importAnswers503() {
		assertUnavailable(this.client.post()
			.uri("/api/accounts/import")
			.contentType(MediaType.APPLICATION_NDJSON)
			.bodyValue("{\"owner\":\"Ada\",\"email\":\"ada@example.com\"}\n")
			.exchange());
	}

	@Test
	void livePageDataReportsTheDatabaseDown() {
		this.client.get()
			.uri("/api/pool")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.health")
			.isEqualTo("DOWN")
			.jsonPath("$.active")
			.isEqualTo(0);
	}

	@Test
	void healthAnswers503Down() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DOWN");
	}

	private void assertUnavailable(WebTestClient.ResponseSpec response) {
		byte[] body = response.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.title")
			.isEqualTo("Service Unavailable")
			.jsonPath("$.detail")
			.isEqualTo(DETAIL)
			.jsonPath("$.error")
			.isEqualTo("timeout")
			.returnResult()
			.getResponseBody();
		assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("at io.", "at org.", "at reactor.",
				"Exception", "trace", "s3cret", "127.0.0.1");
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
