package io.databridge.pool;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the pool's connections are spread over the driver's event loops. Reactor
 * Netty registers a connection opened from one of its event-loop threads on that same
 * thread, so a pool that opened its connections from a callback of the first one would
 * serve every statement from one thread and leave the machine's other cores idle. Each
 * connection's thread is seen by running a statement on it: its rows are emitted on the
 * connection's event loop.
 *
 * @author Databridge team
 */
class EventLoopSpreadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int CONNECTIONS = 8;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + TestDatabase.get().adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=spread-" + System.nanoTime());

	@Test
	void connectionsOpenedAtStartupAreSpreadOverTheEventLoops() {
		this.contextRunner.withPropertyValues("databridge.pool.size=" + CONNECTIONS, "databridge.pool.max-overflow=0")
			.run((context) -> assertSpread(threadsOfEveryConnection(context.getBean(ConnectionFactory.class))));
	}

	@Test
	void connectionsOpenedOnDemandFromAnEventLoopAreSpreadOverTheEventLoops() {
		this.contextRunner
			.withPropertyValues("databridge.pool.size=1", "databridge.pool.max-overflow=" + (CONNECTIONS - 1))
			.run((context) -> {
				ConnectionFactory connections = context.getBean(ConnectionFactory.class);
				// The overflow connections are asked for from the core connection's
				// event loop, as an application chaining statements would.
				List<String> threads = Mono.usingWhen(connections.create(),
						(first) -> threadOf(first).flatMap((firstThread) -> threadsOf(connections, CONNECTIONS - 1)
							.map((others) -> Stream.concat(Stream.of(firstThread), others.stream()).toList())),
						Connection::close)
					.block(TIMEOUT);
				assertSpread(threads);
			});
	}

	private static List<String> threadsOfEveryConnection(ConnectionFactory connections) {
		return threadsOf(connections, CONNECTIONS).block(TIMEOUT);
	}

	/**
	 * Holds the given number of connections at once and returns the thread each one's
	 * statement answered on.
	 */
	private static Mono<List<String>> threadsOf(ConnectionFactory connections, int count) {
		return Flux.range(0, count)
			.flatMap((i) -> Mono.from(connections.create()), count)
			.collectList()
			.flatMap((held) -> Flux.fromIterable(held)
				.concatMap(EventLoopSpreadIntegrationTests::threadOf)
				.collectList()
				.flatMap((threads) -> Flux.fromIterable(held).flatMap(Connection::close).then(Mono.just(threads))));
	}

	private static Mono<String> threadOf(Connection connection) {
		return Flux.from(connection.createStatement("SELECT 1").execute())
			.flatMap((result) -> result.map((row, metadata) -> Thread.currentThread().getName()))
			.single();
	}

	private static void assertSpread(Collection<String> threads) {
		assertThat(threads).hasSize(CONNECTIONS).allMatch((thread) -> thread.startsWith("reactor-tcp-"));
		Map<String, Long> perThread = threads.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(perThread).as("connections per event loop").hasSizeGreaterThan(1);
		assertThat(perThread.values()).as("connections per event loop").allMatch((count) -> count <= CONNECTIONS / 2);
	}

}
