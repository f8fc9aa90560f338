package io.databridge.sample.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.databridge.sample.SampleApplication;
import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Looks for the database password everywhere the sample application shows anything, with
 * the password given by each route a user has: inside the URL (user information or a
 * {@code password=} parameter, in several dialects), as a property, as an environment
 * variable. Everything is switched on that could show it: logs at {@code DEBUG} (and
 * Databridge's at {@code TRACE}), a slow-query log that reports every statement, and
 * actuator's {@code env}, {@code configprops}, {@code beans}, {@code conditions},
 * {@code health}, {@code metrics} and {@code prometheus} endpoints with
 * {@code show-values=ALWAYS}; then the {@code toString()} of every Databridge bean, and
 * the failure report of a start with a wrong password. The password is found nowhere.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretSweepTests {

	private static final String PASSWORD = "Sw33p:P@ss/w%rd&x=1+?#";

	private static final String ENCODED_PASSWORD = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
		.replace("+", "%20");

	private static final List<String> ENDPOINTS = List.of("/actuator/env", "/actuator/configprops", "/actuator/beans",
			"/actuator/conditions", "/actuator/health", "/actuator/metrics", "/actuator/prometheus",
			"/actuator/metrics/databridge.connections.acquire", "/actuator/metrics/databridge.query");

	private static RestartablePostgres server;

	private static String user;

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of());
		user = server.createUser(PASSWORD);
		server.execute("CREATE DATABASE sample OWNER " + user);
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@ParameterizedTest
	@EnumSource
	void passwordGivenThisWayIsShownNowhere(Route route, CapturedOutput output) {
		List<String> shown = new ArrayList<>();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		if (route == Route.ENVIRONMENT_VARIABLES) {
			application.addInitializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("DATABRIDGE_URL", "postgresql://" + user + "@localhost:" + server.port() + "/sample",
								"DATABRIDGE_PASSWORD", PASSWORD))));
		}
		List<String> args = new ArrayList<>(List.of(route.arguments(user, server.port())));
		args.addAll(List.of("--server.port=0", "--logging.level.root=DEBUG", "--logging.level.io.databridge=TRACE",
				"--databridge.observability.slow-query-threshold=1ns",
				"--management.endpoints.web.exposure.include=env,configprops,beans,conditions,health,metrics,prometheus",
				"--management.endpoint.env.show-values=ALWAYS", "--management.endpoint.configprops.show-values=ALWAYS",
				"--management.endpoint.health.show-details=ALWAYS"));
		try (ConfigurableApplicationContext context = application.run(args.toArray(String[]::new))) {
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort())
				.responseTimeout(Duration.ofSeconds(30))
				.build();
			useTheDatabase(client);
			for (String endpoint : ENDPOINTS) {
				String body = client.get()
					.uri(endpoint)
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(String.class)
					.returnResult()
					.getResponseBody();
				assertThat(body).as(endpoint).isNotBlank();
				shown.add(body);
			}
			for (String name : context.getBeanDefinitionNames()) {
				Object bean = context.getBean(name);
				if (bean.getClass().getName().startsWith("io.databridge.")) {
					shown.add(bean.toString());
				}
			}
			assertThat(String.join("\n", shown)).contains("databridge.url")
				.contains("databridge_connections_acquire_seconds")
				.contains(user);
		}
		shown.add(output.getAll());
		assertThat(output.getAll()).contains("Slow query");
		assertNowhere(shown);
	}

	@Test
	void wrongPasswordAtStartupIsReportedWithoutEitherPassword(CapturedOutput output) {
		String wrong = "Wr0ng:" + PASSWORD;
		assertThatException().isThrownBy(() -> new SpringApplication(SampleApplication.class).run("--server.port=0",
				"--logging.level.io.databridge=TRACE", "--databridge.url=postgresql://" + user + ":"
						+ URLEncoder.encode(wrong, StandardCharsets.UTF_8) + "@localhost:" + server.port() + "/sample")
			.close());
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START").contains("SQLSTATE 28P01");
		assertNowhere(List.of(output.getAll()));
		assertThat(output.getAll()).doesNotContain("Wr0ng:");
	}

	private static void useTheDatabase(WebTestClient client) {
		client.post()
			.uri("/api/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("owner", "Ada", "email", "ada-" + System.nanoTime() + "@example.com"))
			.exchange()
			.expectStatus()
			.isCreated();
		client.get().uri("/api/accounts").exchange().expectStatus().isOk();
	}

	private static void assertNowhere(List<String> shown) {
		for (String text : shown) {
			assertThat(text).doesNotContain(PASSWORD).doesNotContain(ENCODED_PASSWORD).doesNotContain("P@ss/w%rd");
		}
	}

	/**
	 * A way to give the application its password.
	 */
	enum Route {

		URL_USER_INFO {
			@Override
			String[] arguments(String user, int port) {
				return new String[] { "--databridge.url=postgresql://" + user + ":" + ENCODED_PASSWORD + "@localhost:"
						+ port + "/sample" };
			}
		},

		URL_PARAMETER {
			@Override
			String[] arguments(String user, int port) {
				return new String[] { "--databridge.url=jdbc:postgresql://localhost:" + port + "/sample?user=" + user
						+ "&password=" + ENCODED_PASSWORD };
			}
		},

		SQLALCHEMY_URL {
			@Override
			String[] arguments(String user, int port) {
				return new String[] { "--databridge.url=postgresql+asyncpg://" + user + ":" + ENCODED_PASSWORD
						+ "@localhost:" + port + "/sample" };
			}
		},

		PROPERTY {
			@Override
			String[] arguments(String user, int port) {
				return new String[] { "--databridge.url=postgresql://" + user + "@localhost:" + port + "/sample",
						"--databridge.password=" + PASSWORD };
			}
		},

		ENVIRONMENT_VARIABLES {
			@Override
			String[] arguments(String user, int port) {
				return new String[0];
			}
		};

		abstract String[] arguments(String user, int port);

	}

}
