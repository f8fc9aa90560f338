package io.databridge.pooler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The load an application puts on a pooler: many clients at once, each running, in turn,
 * a keyed {@code SELECT} with a bound parameter, a transaction (INSERT, UPDATE, SELECT,
 * commit) and three different bound statements in a row on one connection. Every answer
 * is checked against what the database holds, so that another statement's rows count as
 * wrong even when nothing failed.
 *
 * @author Databridge team
 */
final class PoolerLoad {

	static final int ITEMS = 100;

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private final DatabaseClient client;

	private final TransactionalOperator transactional;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger transactions = new AtomicInteger();

	private final List<String> errors = new CopyOnWriteArrayList<>();

	private final List<String> wrong = new CopyOnWriteArrayList<>();

	PoolerLoad(DatabaseClient client, TransactionalOperator transactional) {
		this.client = client;
		this.transactional = transactional;
	}

	/**
	 * Creates the tables the load reads and writes: {@code items} with {@link #ITEMS}
	 * rows named {@code item-<id>}, one account per client, and an empty
	 * {@code transfers}.
	 * @param client a client of the database
	 * @param clients the number of clients
	 */
	static void createSchema(DatabaseClient client, int clients) {
		Flux.just("DROP TABLE IF EXISTS items, accounts, transfers",
				"CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)",
				"INSERT INTO items SELECT i, 'item-' || i FROM generate_series(1, " + ITEMS + ") i",
				"CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
				"INSERT INTO accounts SELECT i, 0 FROM generate_series(0, " + (clients - 1) + ") i",
				"CREATE TABLE transfers (client int, seq int, amount int NOT NULL, PRIMARY KEY (client, seq))")
			.concatMap((sql) -> client.sql(sql).then())
			.blockLast(CALL_TIMEOUT);
	}

	/**
	 * Runs the load: each client makes its calls one after the other, all clients at
	 * once.
	 * @param clients the number of concurrent clients
	 * @param callsPerClient the calls each client makes
	 * @param firstSeq the first transfer sequence number of this run, so that runs can
	 * follow each other
	 * @return this load, to read its outcome
	 */
	PoolerLoad run(int clients, int callsPerClient, int firstSeq) {
		Flux.range(0, clients)
			.flatMap((clientId) -> Flux.range(firstSeq, callsPerClient)
				.concatMap((seq) -> call(clientId, seq).timeout(CALL_TIMEOUT).onErrorResume((ex) -> {
					this.errors.add(ex.toString());
					return Mono.empty();
				}).then(Mono.fromRunnable(this.calls::incrementAndGet))), clients)
			.blockLast(CALL_TIMEOUT.multipliedBy(4));
		return this;
	}

	private Mono<Void> call(int clientId, int seq) {
		int id = ThreadLocalRandom.current().nextInt(1, ITEMS + 1);
		return switch ((clientId + seq) % 3) {
			case 0 -> keyedSelect(id);
			case 1 -> transfer(clientId, seq, id);
			default -> threeStatements(id);
		};
	}

	private Mono<Void> keyedSelect(int id) {
		return this.client.sql("SELECT id, name FROM items WHERE id = $1")
			.bind(0, id)
			.map((row) -> row.get("id", Integer.class) + "/" + row.get("name", String.class))
			.one()
			.doOnNext((answer) -> expect("keyed select", id + "/item-" + id, answer))
			.then();
	}

	private Mono<Void> transfer(int clientId, int seq, int amount) {
		Mono<Integer> work = this.client.sql("INSERT INTO transfers (client, seq, amount) VALUES ($1, $2, $3)")
			.bind(0, clientId)
			.bind(1, seq)
			.bind(2, amount)
			.fetch()
			.rowsUpdated()
			.then(this.client.sql("UPDATE accounts SET balance = balance + $1 WHERE id = $2")
				.bind(0, amount)
				.bind(1, clientId)
				.fetch()
				.rowsUpdated())
			.then(this.client.sql("SELECT amount FROM transfers WHERE client = $1 AND seq = $2")
				.bind(0, clientId)
				.bind(1, seq)
				.map((row) -> row.get("amount", Integer.class))
				.one());
		return this.transactional.transactional(work).doOnNext((answer) -> {
			this.transactions.incrementAndGet();
			expect("transaction", amount, answer);
		}).then();
	}

	private Mono<Void> threeStatements(int id) {
		return this.client.inConnection((connection) -> single(connection, "SELECT name FROM items WHERE id = $1", id)
			.doOnNext((answer) -> expect("first of three", "item-" + id, answer))
			.then(single(connection, "SELECT (id * 2)::text || ':' || $2 FROM items WHERE id = $1", id, "tag" + id))
			.doOnNext((answer) -> expect("second of three", (id * 2) + ":tag" + id, answer))
			.then(single(connection, "SELECT count(*)::text FROM items WHERE id <= $1", id))
			.doOnNext((answer) -> expect("third of three", Integer.toString(id), answer))
			.then());
	}

	private static Mono<String> single(Connection connection, String sql, Object... values) {
		var statement = connection.createStatement(sql);
		for (int i = 0; i < values.length; i++) {
			statement.bind(i, values[i]);
		}
		return Flux.from(statement.execute())
			.concatMap((Result result) -> result.map((row, metadata) -> String.valueOf(row.get(0))))
			.single();
	}

	private void expect(String call, Object expected, Object actual) {
		if (!Objects.equals(expected, actual)) {
			this.wrong.add(call + ": expected " + expected + " but was " + actual);
		}
	}

	int calls() {
		return this.calls.get();
	}

	int transactions() {
		return this.transactions.get();
	}

	List<String> errors() {
		return this.errors;
	}

	List<String> wrongAnswers() {
		return this.wrong;
	}

}
