package io.databridge.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A steady load of single-row inserts from a fixed number of concurrent workers, each
 * request recorded with its duration and outcome, so that a fault test can check that no
 * request hung, that failures were typed, and that every insert reported as committed is
 * in the table.
 *
 * @author Databridge team
 */
final class InsertLoad {

	/**
	 * How long a request may take before the load itself gives up on it and records it as
	 * hung; far longer than any timeout the pool under test uses.
	 */
	static final Duration HUNG = Duration.ofSeconds(20);

	private final DatabaseClient client;

	private final String table;

	private final AtomicLong ids = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final Disposable workers;

	private InsertLoad(DatabaseClient client, String table, int concurrency, Duration pause) {
		this.client = client;
		this.table = table;
		this.workers = Flux.range(0, concurrency)
			.flatMap((worker) -> Mono.defer(this::insertOne).delayElement(pause).repeat(this.running::get), concurrency)
			.subscribe();
	}

	/**
	 * Creates the table and starts the load.
	 * @param client the client under test
	 * @param table the table to create and insert into
	 * @param concurrency the number of concurrent workers
	 * @param pause the pause between one worker's requests
	 * @return the running load
	 */
	static InsertLoad start(DatabaseClient client, String table, int concurrency, Duration pause) {
		client.sql("CREATE TABLE " + table + " (id bigint PRIMARY KEY)").then().block(HUNG);
		return new InsertLoad(client, table, concurrency, pause);
	}

	private Mono<Outcome> insertOne() {
		long id = this.ids.incrementAndGet();
		long start = System.nanoTime();
		return this.client.sql("INSERT INTO " + this.table + " (id) VALUES (:id)")
			.bind("id", id)
			.then()
			.timeout(HUNG)
			.then(Mono.fromCallable(() -> record(id, start, null)))
			.onErrorResume((ex) -> Mono.just(record(id, start, ex)));
	}

	private Outcome record(long id, long start, @Nullable Throwable error) {
		Outcome outcome = new Outcome(id, start, System.nanoTime(), error);
		this.outcomes.add(outcome);
		return outcome;
	}

	/**
	 * Stops the workers, letting the requests in flight finish.
	 * @return every recorded outcome, in completion order
	 */
	List<Outcome> stop() {
		this.running.set(false);
		long deadline = System.nanoTime() + HUNG.toNanos() * 2;
		while (!this.workers.isDisposed() && this.outcomes.size() < this.ids.get() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			sleep();
		}
		this.workers.dispose();
		return List.copyOf(this.outcomes);
	}

	/**
	 * Returns the ids of the inserts the application saw succeed.
	 * @return the committed ids
	 */
	Set<Long> committed() {
		return this.outcomes.stream()
			.filter((outcome) -> outcome.error() == null)
			.map(Outcome::id)
			.collect(Collectors.toSet());
	}

	/**
	 * Returns the ids in the table, as the server has them.
	 * @return the stored ids
	 */
	Set<Long> stored() {
		return Set.copyOf(this.client.sql("SELECT id FROM " + this.table)
			.map((row) -> row.get(0, Long.class))
			.all()
			.collectList()
			.block(HUNG));
	}

	private static void sleep() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One request of the load.
	 *
	 * @param id the id inserted
	 * @param startNanos when the request started
	 * @param endNanos when it ended
	 * @param error why it failed, or {@code null}
	 */
	record Outcome(long id, long startNanos, long endNanos, @Nullable Throwable error) {

		Duration duration() {
			return Duration.ofNanos(this.endNanos - this.startNanos);
		}

		boolean hung() {
			return this.error instanceof TimeoutException;
		}

	}

}
