package io.databridge.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample application on its embedded PostgreSQL and reads its database, page
 * and actuator endpoints over HTTP.
 *
 * @author Databridge team
 */
@SampleApplicationTest
class SampleApplicationTests {

	private static final String DATABRIDGE_UP = "\"databridge\":\\{\"details\":\\{\"database\":\"postgres\","
			+ "\"product\":\"PostgreSQL\",\"version\":\"18[.0-9]*\",\"latencyMillis\":[0-9.]+,"
			+ "\"pool\":\\{\"name\":\"databridge\",\"active\":\\d+,\"idle\":\\d+,\"pending\":0,\"max\":10\\}\\},"
			+ "\"status\":\"UP\"\\}";

	@Value("${local.server.port}")
	int port;

	@Test
	void databaseEndpointReportsTheEmbeddedDatabaseThroughThePool() throws Exception {
		HttpResponse<String> response = get("/api/database");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"server\":\"PostgreSQL 18")
			.contains("\"database\":\"postgres\"")
			.contains("\"application_name\":\"databridge-sample\"");
	}

	@Test
	void rootServesTheLivePageAndItsScriptAndStyle() throws Exception {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html");
		assertThat(page.body()).contains("<title>Databridge pool, live</title>")
			.contains("<button id=\"burst\" type=\"button\">Fire a burst</button>")
			.contains("<script src=\"app.js\"></script>");
		HttpResponse<String> script = get("/app.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("fetch('/api/pool'")
			.contains("fetch('/api/load?requests=500&concurrency=50', { method: 'POST' })");
		assertThat(get("/style.css").statusCode()).isEqualTo(200);
	}

	@Test
	void healthReportsTheDatabaseOnceWithDetailsAndNoSecret() throws Exception {
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).containsPattern(DATABRIDGE_UP)
			.doesNotContain("\"r2dbc\"")
			.doesNotContainIgnoringCase("password");
	}

	@Test
	void readinessIncludesTheDatabaseAndLivenessDoesNot() throws Exception {
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).containsPattern(DATABRIDGE_UP);
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).doesNotContain("databridge");
	}

	@Test
	void metricsEndpointListsThePoolGauges() throws Exception {
		HttpResponse<String> response = get("/actuator/metrics/databridge.connections.max");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"databridge.connections.max\"")
			.contains("{\"statistic\":\"VALUE\",\"value\":10.0}")
			.contains("\"tag\":\"pool\",\"values\":[\"databridge\"]");
	}

	@Test
	void prometheusScrapeCarriesQueryAndAcquireMetrics() throws Exception {
		assertThat(get("/api/database").statusCode()).isEqualTo(200);
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).containsPattern(
				"databridge_query_seconds_count\\{[^}]*operation=\"SELECT\"[^}]*outcome=\"success\"[^}]*pool=\"databridge\"")
			.contains("databridge_connections_acquire_seconds_bucket{")
			.contains("databridge_connections_active{pool=\"databridge\"}")
			.doesNotContainIgnoringCase("password");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
