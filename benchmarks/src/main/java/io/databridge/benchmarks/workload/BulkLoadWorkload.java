package io.databridge.benchmarks.workload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
 * Databridge connection, in one transaction, three ways: an {@code INSERT} per row
 * awaited before the next, {@code INSERT}s batched {@link #BATCH} bindings to a
 * statement, and {@code COPY ... FROM STDIN} through r2dbc-postgresql's {@code copyIn}.
 * Row-by-row loads at most {@link #ROW_BY_ROW_LIMIT} rows; its rate stands for the whole
 * load.
 *
 * @author Databridge team
 */
public final class BulkLoadWorkload implements Workload {

	/**
	 * The workload's name, as {@code --workloads} takes it.
	 */
	public static final String NAME = "bulk-load";

	/**
	 * Bindings per batched statement.
	 */
	public static final int BATCH = 1000;

	/**
	 * Most rows loaded row by row.
	 */
	public static final int ROW_BY_ROW_LIMIT = 20_000;

	/**
	 * Most rows loaded in batches.
	 */
	public static final int BATCHED_LIMIT = 250_000;

	private static final String INSERT = "INSERT INTO " + Dataset.BULK_TABLE
			+ " (aid, bid, abalance, filler) VALUES ($1, $2, $3, $4)";

	private static final String COPY = "COPY " + Dataset.BULK_TABLE + " (aid, bid, abalance, filler) FROM STDIN";

	private static final int COPY_CHUNK = 10_000;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final List<Column> COLUMNS = List.of(new Column("rows/s", "rows/s", true, true, 0),
			new Column("seconds", "s for all rows", false, false, 2),
			new Column("rows", "rows loaded", true, false, 0));

	private final ConnectionFactory connectionFactory;

	private final Dataset dataset;

	private final int rows;

	private final Map<String, Function<Connection, Mono<Void>>> methods = new LinkedHashMap<>();

	/**
	 * Creates the workload.
	 * @param connectionFactory Databridge's connection factory
	 * @param dataset the data set
	 * @param rows the rows each load writes
	 * @param quick whether this is a smoke run, which loads fewer rows row by row
	 */
	public BulkLoadWorkload(ConnectionFactory connectionFactory, Dataset dataset, int rows, boolean quick) {
		this.connectionFactory = connectionFactory;
		this.dataset = dataset;
		this.rows = rows;
		int rowByRow = Math.min(rows, quick ? 2_000 : ROW_BY_ROW_LIMIT);
		this.methods.put("row-by-row", (connection) -> rowByRow(connection, rowByRow));
		this.methods.put("batched", (connection) -> batched(connection, Math.min(rows, BATCHED_LIMIT)));
		this.methods.put("copy", (connection) -> copy(connection, rows));
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
				+ "through one connection from Databridge's pool, in one transaction: `row-by-row` awaits each "
				+ "`INSERT` before the next and loads at most " + String.format("%,d", ROW_BY_ROW_LIMIT)
				+ " rows; `batched` binds " + BATCH
				+ " rows to one `INSERT` statement (`Statement.add()`, sent as one pipeline) and loads at most "
				+ String.format("%,d", BATCHED_LIMIT) + " rows; `copy` streams "
				+ "`COPY ... FROM STDIN` text in chunks of " + String.format("%,d", COPY_CHUNK)
				+ " rows with r2dbc-postgresql's `PostgresqlConnection.copyIn`, all rows. The rates of the capped "
				+ "methods are extrapolated to all rows in `s for all rows`, so that a full run stays within its "
				+ "time. Ratios are to row-by-row.";
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
		this.dataset.truncateBulk();
		Mono.usingWhen(this.connectionFactory.create(), (connection) -> switch (subject) {
			case "row-by-row" -> rowByRow(connection, Math.min(this.rows, 1_000));
			case "batched" -> batched(connection, Math.min(this.rows, 10 * BATCH));
			default -> copy(connection, Math.min(this.rows, 10 * COPY_CHUNK));
		}, Connection::close).block(TIMEOUT);
	}

	@Override
	public Map<String, Double> measure(String subject, Duration duration) {
		this.dataset.truncateBulk();
		long start = System.nanoTime();
		Mono.usingWhen(this.connectionFactory.create(), this.methods.get(subject), Connection::close).block(TIMEOUT);
		double seconds = (System.nanoTime() - start) / 1e9;
		long loaded = this.dataset.bulkRows();
		Map<String, Double> measurement = new LinkedHashMap<>();
		measurement.put("rows/s", loaded / seconds);
		measurement.put("seconds", this.rows * seconds / loaded);
		measurement.put("rows", (double) loaded);
		return measurement;
	}

	private static Mono<Void> rowByRow(Connection connection, int rows) {
		return inTransaction(connection,
				Flux.range(1, rows)
					.concatMap((aid) -> Flux.from(bind(connection.createStatement(INSERT), aid).execute())
						.flatMap(Result::getRowsUpdated))
					.then());
	}

	private static Mono<Void> batched(Connection connection, int rows) {
		return inTransaction(connection, Flux.range(0, (rows + BATCH - 1) / BATCH).concatMap((batch) -> {
			Statement statement = connection.createStatement(INSERT);
			int first = batch * BATCH + 1;
			int last = Math.min(rows, first + BATCH - 1);
			for (int aid = first; aid <= last; aid++) {
				if (aid > first) {
					statement.add();
				}
				bind(statement, aid);
			}
			return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated);
		}).then());
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

}
