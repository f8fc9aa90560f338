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
import reactor.netty.resources.LoopResources;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks that the pool's connections are spread evenly over as many of the driver's event
 * loops as the JVM has processors, and no more. Reactor Netty registers a connection
 * opened from one of its event-loop threads on that same thread, so a pool that opened
 * its connections from a callback of the first one would serve every statement from one
 * thread and leave the machine's other cores idle; and it starts at least four loops, so
 * a pool spread over all of them on a 2-core machine would have four threads take turns
 * on two cores. Each connection's thread is seen by running a statement on it: its rows
 * are emitted on the connection's event loop.
 *
 * @author Databridge team
 */
class EventLoopSpreadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int CONNECTIONS = 8;

	private final String applicationName = "spread-" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + TestDatabase.get().adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName);

	@Test
	void connectionsOpenedAtStartupSitEvenlyOnAsManyEventLoopsAsThereAreProcessors() {
		this.contextRunner.withPropertyValues("databridge.pool.size=" + CONNECTIONS, "databridge.pool.max-overflow=0")
			.run((context) -> assertSpread(
					threads(heldTogether(context.getBean(ConnectionFactory.class), CONNECTIONS).block(TIMEOUT)),
					CONNECTIONS));
	}

	@Test
	void connectionsOpenedOnDemandFromAnEventLoopSitEvenlyOnAsManyEventLoopsAsThereAreProcessors() {
		this.contextRunner
			.withPropertyValues("databridge.pool.size=1", "databridge.pool.max-overflow=" + (CONNECTIONS - 1))
			.run((context) -> {
				ConnectionFactory connections = context.getBean(ConnectionFactory.class);
				// The overflow connections are asked for from the core connection's
				// event loop, as an application chaining statements would.
				List<Seated> seated = Mono.usingWhen(connections.create(),
						(first) -> seatOf(first).flatMap((firstSeat) -> heldTogether(connections, CONNECTIONS - 1)
							.map((others) -> Stream.concat(Stream.of(firstSeat), others.stream()).toList())),
						Connection::close)
					.block(TIMEOUT);
				assertSpread(threads(seated), CONNECTIONS);
			});
	}

	@Test
	void connectionsReopenedAfterSomeClosedSitOnTheLoopsTheClosedOnesLeft() {
		int size = 4;
		this.contextRunner
			.withPropertyValues("databridge.pool.size=" + size, "databridge.pool.max-overflow=0",
					"databridge.pool.validation=always")
			.run((context) -> {
				ConnectionFactory connections = context.getBean(ConnectionFactory.class);
				List<Seated> before = heldTogether(connections, size).block(TIMEOUT);
				String emptied = before.get(0).thread();
				List<Integer> closed = before.stream()
					.filter((seat) -> seat.thread().equals(emptied))
					.map(Seated::pid)
					.toList();
				terminate(closed);
				// each acquire pings its connection, finds the terminated ones and
				// opens others in their place
				List<Seated> after = heldTogether(connections, size).block(TIMEOUT);
				assertThat(after).extracting(Seated::pid).doesNotContainAnyElementsOf(closed);
				assertThat(after).filteredOn((seat) -> !before.contains(seat)).hasSameSizeAs(closed);
				assertSpread(threads(after), size);
			});
	}

	/**
	 * Terminates the given server processes and waits until they are gone.
	 */
	private void terminate(List<Integer> pids) {
		String among = "FROM pg_stat_activity WHERE application_name = '" + this.applicationName + "' AND pid IN ("
				+ pids.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
		TestDatabase database = TestDatabase.get();
		assertThat(database.queryLong("SELECT count(pg_terminate_backend(pid)) " + among))
			.isEqualTo((long) pids.size());
		await().atMost(TIMEOUT).until(() -> database.queryLong("SELECT count(*) " + among) == 0);
	}

	/**
	 * Holds the given number of connections at once and returns where each one's
	 * statement answered: on which thread, from which server process.
	 */
	private static Mono<List<Seated>> heldTogether(ConnectionFactory connections, int count) {
		return Flux.range(0, count)
			.flatMap((i) -> Mono.from(connections.create()), count)
			.collectList()
			.flatMap((held) -> Flux.fromIterable(held)
				.concatMap(EventLoopSpreadIntegrationTests::seatOf)
				.collectList()
				.flatMap((seats) -> Flux.fromIterable(held).flatMap(Connection::close).then(Mono.just(seats))));
	}

	private static Mono<Seated> seatOf(Connection connection) {
		return Flux.from(connection.createStatement("SELECT pg_backend_pid()").execute())
			.flatMap((result) -> result
				.map((row, metadata) -> new Seated(Thread.currentThread().getName(), row.get(0, Integer.class))))
			.single();
	}

	private static List<String> threads(List<Seated> seated) {
		return seated.stream().map(Seated::thread).toList();
	}

	private static void assertSpread(Collection<String> threads, int connections) {
		assertThat(threads).hasSize(connections).allMatch((thread) -> thread.startsWith("reactor-tcp-"));
		Map<String, Long> perThread = threads.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		int processors = Runtime.getRuntime().availableProcessors();
		int loops = Math.min(Math.min(LoopResources.DEFAULT_IO_WORKER_COUNT, processors), connections);
		int evenShare = (connections + loops - 1) / loops;
		assertThat(perThread).as("event loops holding connections, with %d processors", processors).hasSize(loops);
		assertThat(perThread.values()).as("connections per event loop").allMatch((count) -> count <= evenShare);
	}

	/**
	 * Where a connection's statement answered.
	 *
	 * @param thread the event loop's thread
	 * @param pid the server process
	 */
	private record Seated(String thread, int pid) {

	}

}
