package io.databridge.benchmarks.workload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.databridge.benchmarks.server.Dataset;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Loads rows shaped like {@code pgbench_accounts} into an unindexed table through one
 * Databridge connection, in one transaction, five ways: an {@code INSERT} per row awaited
 * before the next, {@code INSERT}s with {@link #BATCH} bindings each
 * ({@code Statement.add()}), {@link #IN_FLIGHT} single-row {@code INSERT}s subscribed at
 * once, {@code INSERT ... SELECT * FROM unnest(...)} with {@link #BATCH} rows to a
 * statement as array parameters, and {@code COPY ... FROM STDIN} through
 * r2dbc-postgresql's {@code copyIn}. The three methods that cost a round trip per row
 * load at most {@link #ROUND_TRIP_LIMIT} rows; their rate stands for the whole load.
 *
 * @author Databridge team
 */
public final class BulkLoadWorkload implements Workload {

	/**
	 * The workload's name, as {@code --workloads} takes it.
	 */
	public static final String NAME = "bulk-load";

	/**
	 * Rows per statement of the batched methods.
	 */
	public static final int BATCH = 1000;

	/**
	 * Single-row statements the {@code concurrent} method has in flight on its
	 * connection; r2dbc-postgresql refuses more than 256 waiting on one connection.
	 */
	public static final int IN_FLIGHT = 128;

	/**
	 * Most rows loaded by the methods that cost a round trip per row.
	 */
	public static final int ROUND_TRIP_LIMIT = 20_000;

	private static final String INSERT = "INSERT INTO " + Dataset.BULK_TABLE
			+ " (aid, bid, abalance, filler) VALUES ($1, $2, $3, $4)";

	private static final String UNNEST = "INSERT INTO " + Dataset.BULK_TABLE
			+ " (aid, bid, abalance, filler) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[])";

	private static final String COPY = "COPY " + Dataset.BULK_TABLE + " (aid, bid, abalance, filler) FROM STDIN";

	private static final int COPY_CHUNK = 10_000;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final List<Column> COLUMNS = List.of(new Column("rows/s", "rows/s", true, true, 0),
			new Column("seconds", "s for all rows", false, false, 2),
			new Column("rows", "rows loaded", true, false, 0));

	private final ConnectionFactory connectionFactory;

	private final Dataset dataset;

	private final int rows;

	private final Map<String, Method> methods = new LinkedHashMap<>();

	/**
	 * Creates the workload.
	 * @param connectionFactory Databridge's connection factory
	 * @param dataset the data set
	 * @param rows the rows each load writes
	 * @param quick whether this is a smoke run, which loads fewer rows by the methods
	 * that cost a round trip per row
	 */
	public BulkLoadWorkload(ConnectionFactory connectionFactory, Dataset dataset, int rows, boolean quick) {
		this.connectionFactory = connectionFactory;
		this.dataset = dataset;
		this.rows = rows;
		int roundTrips = Math.min(rows, quick ? 2_000 : ROUND_TRIP_LIMIT);
		this.methods.put("row-by-row", new Method(roundTrips, 1_000, BulkLoadWorkload::rowByRow));
		this.methods.put("statement-add", new Method(roundTrips, BATCH, BulkLoadWorkload::statementAdd));
		this.methods.put("concurrent", new Method(roundTrips, BATCH, BulkLoadWorkload::concurrent));
		this.methods.put("unnest", new Method(rows, 10 * BATCH, BulkLoadWorkload::unnest));
		this.methods.put("copy", new Method(rows, 10 * COPY_CHUNK, BulkLoadWorkload::copy));
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String title() {
		return "Bulk load";
	}

	@Override
	public String description() {
		return String.format("%,d", this.rows)
				+ " rows `(aid, bid, abalance, filler char(84))` into an unindexed table "
				+ "through one connection from Databridge's pool, in one transaction. `row-by-row` awaits each "
				+ "`INSERT` before the next. `statement-add` binds " + String.format("%,d", BATCH)
				+ " rows to one `INSERT` with `Statement.add()`; r2dbc-postgresql runs each binding as an exchange "
				+ "of its own and sends the next only when the previous one has ended, so this is a round trip per "
				+ "row too. `concurrent` keeps " + IN_FLIGHT
				+ " single-row `INSERT`s subscribed at once on the connection (`flatMapSequential`); the driver "
				+ "queues their exchanges in the same way. These three load at most "
				+ String.format("%,d", ROUND_TRIP_LIMIT)
				+ " rows, and their rates are extrapolated to all rows in `s for all rows`, so that a full run "
				+ "stays within its time. `unnest` sends " + String.format("%,d", BATCH)
				+ " rows per `INSERT ... SELECT * FROM unnest($1::int[], ...)`, one array parameter per column; "
				+ "`copy` streams `COPY ... FROM STDIN` text in chunks of " + String.format("%,d", COPY_CHUNK)
				+ " rows with r2dbc-postgresql's `PostgresqlConnection.copyIn`. Both load all rows. "
				+ "Ratios are to row-by-row.";
	}

	@Override
	public List<Column> columns() {
		return COLUMNS;
	}

	@Override
	public List<String> subjects() {
		return List.copyOf(this.methods.keySet());
	}

	@Override
	public String baseline() {
		return "row-by-row";
	}

	@Override
	public void warmUp(String subject, Duration duration) {
		Method method = this.methods.get(subject);
		int rows = Math.min(method.rows(), method.warmUpRows());
		this.dataset.truncateBulk();
		load(method, rows);
		checkLoaded(rows);
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		Method method = this.methods.get(subject);
		this.dataset.truncateBulk();
		long start = System.nanoTime();
		load(method, method.rows());
		double seconds = (System.nanoTime() - start) / 1e9;
		long loaded = checkLoaded(method.rows());
		Map<String, Double> measurement = new LinkedHashMap<>();
		measurement.put("rows/s", loaded / seconds);
		measurement.put("seconds", this.rows * seconds / loaded);
		measurement.put("rows", (double) loaded);
		return measurement;
	}

	private void load(Method method, int rows) {
		Mono.usingWhen(this.connectionFactory.create(), (connection) -> method.load().apply(connection, rows),
				Connection::close)
			.block(TIMEOUT);
	}

	private long checkLoaded(int rows) {
		long loaded = this.dataset.bulkRows();
		if (loaded != rows) {
			throw new IllegalStateException("Loaded " + loaded + " rows instead of " + rows);
		}
		return loaded;
	}

	private static Mono<Void> rowByRow(Connection connection, int rows) {
		return inTransaction(connection,
				Flux.range(1, rows)
					.concatMap((aid) -> Flux.from(bind(connection.createStatement(INSERT), aid).execute())
						.flatMap(Result::getRowsUpdated))
					.then());
	}

	private static Mono<Void> statementAdd(Connection connection, int rows) {
		return inTransaction(connection, batches(rows).concatMap((batch) -> {
			Statement statement = connection.createStatement(INSERT);
			for (int aid = batch.first(); aid <= batch.last(); aid++) {
				if (aid > batch.first()) {
					statement.add();
				}
				bind(statement, aid);
			}
			return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated);
		}).then());
	}

	private static Mono<Void> concurrent(Connection connection, int rows) {
		return inTransaction(connection,
				Flux.range(1, rows)
					.flatMapSequential((aid) -> Flux.from(bind(connection.createStatement(INSERT), aid).execute())
						.flatMap(Result::getRowsUpdated), IN_FLIGHT)
					.then());
	}

	private static Mono<Void> unnest(Connection connection, int rows) {
		return inTransaction(connection, batches(rows).concatMap((batch) -> {
			int size = batch.last() - batch.first() + 1;
			Integer[] aids = new Integer[size];
			Integer[] branches = new Integer[size];
			Integer[] balances = new Integer[size];
			String[] fillers = new String[size];
			for (int i = 0; i < size; i++) {
				aids[i] = batch.first() + i;
				branches[i] = branch(aids[i]);
				balances[i] = 0;
				fillers[i] = "";
			}
			Statement statement = connection.createStatement(UNNEST)
				.bind(0, aids)
				.bind(1, branches)
				.bind(2, balances)
				.bind(3, fillers);
			return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated);
		}).then());
	}

	private static Flux<Batch> batches(int rows) {
		return Flux.range(0, (rows + BATCH - 1) / BATCH).map((index) -> {
			int first = index * BATCH + 1;
			return new Batch(first, Math.min(rows, first + BATCH - 1));
		});
	}

	private static Mono<Void> copy(Connection connection, int rows) {
		PostgresqlConnection postgresql = unwrap(connection);
		Flux<ByteBuf> data = Flux.range(0, (rows + COPY_CHUNK - 1) / COPY_CHUNK).map((chunk) -> {
			StringBuilder text = new StringBuilder(COPY_CHUNK * 24);
			int first = chunk * COPY_CHUNK + 1;
			for (int aid = first; aid <= Math.min(rows, first + COPY_CHUNK - 1); aid++) {
				text.append(aid).append('\t').append(branch(aid)).append("\t0\t\n");
			}
			return Unpooled.wrappedBuffer(text.toString().getBytes(StandardCharsets.UTF_8));
		});
		return inTransaction(connection, postgresql.copyIn(COPY, data).then());
	}

	private static Statement bind(Statement statement, int aid) {
		return statement.bind(0, aid).bind(1, branch(aid)).bind(2, 0).bind(3, "");
	}

	private static int branch(int aid) {
		return (aid - 1) / 100_000 + 1;
	}

	private static Mono<Void> inTransaction(Connection connection, Mono<Void> work) {
		return Mono.from(connection.beginTransaction()).then(work).then(Mono.from(connection.commitTransaction()));
	}

	private static PostgresqlConnection unwrap(Connection connection) {
		Object current = connection;
		while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
			current = wrapped.unwrap();
		}
		if (current instanceof PostgresqlConnection postgresql) {
			return postgresql;
		}
		throw new IllegalStateException("Not an r2dbc-postgresql connection: " + connection.getClass().getName());
	}

	/**
	 * One way to load rows.
	 *
	 * @param rows the rows a measurement loads
	 * @param warmUpRows the most rows a warm-up loads
	 * @param load loads the given number of rows through the given connection
	 */
	private record Method(int rows, int warmUpRows, BiFunction<Connection, Integer, Mono<Void>> load) {

	}

	/**
	 * The account ids of one batch, both ends included.
	 *
	 * @param first the first account id
	 * @param last the last account id
	 */
	private record Batch(int first, int last) {

	}

}
