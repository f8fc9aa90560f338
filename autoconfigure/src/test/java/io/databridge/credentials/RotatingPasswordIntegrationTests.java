package io.databridge.credentials;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.RestartablePostgres;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password that the test rotates on a real server while the application runs queries on
 * connections that live a few hundred milliseconds, so that new ones log in all the time:
 * the server changes the password before the supplier does, then the supplier before the
 * server. No query fails; logins refused in between are retried with a password asked for
 * anew.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class RotatingPasswordIntegrationTests {

	private static final Duration WINDOW = Duration.ofMillis(600);

	private static RestartablePostgres server;

	private static String user;

	private final AtomicReference<String> supplied = new AtomicReference<>("Rotat3d-1");

	private final AtomicInteger asked = new AtomicInteger();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false", "databridge.pool.size=2",
				"databridge.pool.max-overflow=2", "databridge.pool.max-lifetime=300ms",
				"databridge.pool.idle-timeout=200ms", "databridge.pool.acquire-timeout=10s",
				"databridge.credentials.cache-time=0s");

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of());
		user = server.createUser("Rotat3d-1");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void noQueryFailsWhileThePasswordRotates(CapturedOutput output) throws Exception {
		this.contextRunner
			.withPropertyValues(
					"databridge.url=postgresql://" + user + ":not-used@localhost:" + server.port() + "/postgres")
			.withBean(DatabridgePasswordSupplier.class, () -> (request) -> {
				this.asked.incrementAndGet();
				assertThat(request.username()).isEqualTo(user);
				return Mono.just(this.supplied.get());
			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				AtomicInteger succeeded = new AtomicInteger();
				AtomicInteger failed = new AtomicInteger();
				long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				Flux<Integer> load = Flux.range(0, 4)
					.flatMap((worker) -> Mono.defer(() -> select(pool))
						.doOnNext((one) -> succeeded.incrementAndGet())
						.onErrorResume((ex) -> {
							failed.incrementAndGet();
							return Mono.empty();
						})
						.repeat(() -> System.nanoTime() - end < 0)
						.subscribeOn(Schedulers.parallel()));
				Mono<Void> running = load.then().cache();
				running.subscribe();
				Thread.sleep(1000);
				server.execute("ALTER ROLE " + user + " PASSWORD 'Rotat3d-2'");
				Thread.sleep(WINDOW.toMillis());
				this.supplied.set("Rotat3d-2");
				Thread.sleep(1000);
				this.supplied.set("Rotat3d-3");
				Thread.sleep(WINDOW.toMillis());
				server.execute("ALTER ROLE " + user + " PASSWORD 'Rotat3d-3'");
				running.block(Duration.ofSeconds(30));
				assertThat(failed).hasValue(0);
				assertThat(succeeded.get()).isGreaterThan(100);
				assertThat(this.asked.get()).isGreaterThan(5);
				assertThat(server.countLogLines("password authentication failed for user \"" + user + "\""))
					.isPositive();
			});
		assertThat(output).contains("Passwords come from the DatabridgePasswordSupplier bean")
			.doesNotContain("Rotat3d-");
	}

	@Test
	void passwordLivingShorterThanConnectionsIsWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("databridge.url=postgresql://" + user + "@localhost:" + server.port() + "/postgres",
					"databridge.pool.max-lifetime=30m")
			.withBean(DatabridgePasswordSupplier.class, () -> new DatabridgePasswordSupplier() {

				@Override
				public Mono<String> password(PasswordRequest request) {
					return Mono.fromSupplier(RotatingPasswordIntegrationTests.this.supplied::get);
				}

				@Override
				public Duration lifetime() {
					return Duration.ofMinutes(15);
				}

			})
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output)
			.contains("databridge.pool.max-lifetime (PT30M) is longer than a supplied password lives " + "(PT15M)");
	}

	private static Mono<Integer> select(DatabridgeConnectionPool pool) {
		return Flux
			.usingWhen(pool.create(),
					(Connection connection) -> Flux.from(connection.createStatement("SELECT 1").execute())
						.flatMap((result) -> result.map((row) -> row.get(0, Integer.class))),
					Connection::close)
			.single();
	}

}
