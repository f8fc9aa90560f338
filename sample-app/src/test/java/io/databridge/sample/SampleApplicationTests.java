package io.databridge.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample application on its embedded PostgreSQL and reads its endpoint over
 * HTTP.
 *
 * @author Databridge team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void rootEndpointReportsTheEmbeddedDatabaseThroughThePool() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"server\":\"PostgreSQL 18")
			.contains("\"database\":\"postgres\"")
			.contains("\"application_name\":\"databridge-sample\"");
	}

}
