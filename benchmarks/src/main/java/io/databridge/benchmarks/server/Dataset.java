package io.databridge.benchmarks.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables the workloads use, in a schema of their own so that an external server's
 * other tables are never touched: {@code pgbench_accounts} as {@code pgbench -i} builds
 * it (one row per account, 100,000 per scale unit, primary key on {@code aid}),
 * {@code pgbench_history} for single-row inserts and {@code bulk_accounts}, shaped like
 * the accounts without their key, for bulk loads.
 *
 * @author Databridge team
 */
public final class Dataset {

	/**
	 * Schema of every table.
	 */
	public static final String SCHEMA = "databridge_bench";

	/**
	 * Point select by primary key, as {@code pgbench -S} runs it.
	 */
	public static final String POINT_SELECT = "SELECT abalance FROM " + SCHEMA + ".pgbench_accounts WHERE aid = $1";

	/**
	 * Single-row insert, as pgbench's TPC-B-like script writes its history.
	 */
	public static final String INSERT = "INSERT INTO " + SCHEMA
			+ ".pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, $1, $2, CURRENT_TIMESTAMP)";

	/**
	 * Table of the bulk loads.
	 */
	public static final String BULK_TABLE = SCHEMA + ".bulk_accounts";

	private final BenchmarkServer server;

	private final int accounts;

	private Dataset(BenchmarkServer server, int accounts) {
		this.server = server;
		this.accounts = accounts;
	}

	/**
	 * Creates the schema and fills {@code pgbench_accounts}, replacing what a previous
	 * run left.
	 * @param server the server
	 * @param accounts the number of accounts
	 * @return the data set
	 */
	public static Dataset create(BenchmarkServer server, int accounts) {
		Dataset dataset = new Dataset(server, accounts);
		dataset.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA, "CREATE TABLE "
				+ SCHEMA
				+ ".pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100)",
				"INSERT INTO " + SCHEMA + ".pgbench_accounts SELECT aid, (aid - 1) / 100000 + 1, 0, '' "
						+ "FROM generate_series(1, " + accounts + ") AS aid",
				"ALTER TABLE " + SCHEMA + ".pgbench_accounts ADD PRIMARY KEY (aid)",
				"CREATE TABLE " + SCHEMA
						+ ".pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))",
				"CREATE TABLE " + BULK_TABLE + " (aid int, bid int, abalance int, filler char(84))",
				"VACUUM ANALYZE " + SCHEMA + ".pgbench_accounts", "CHECKPOINT");
		return dataset;
	}

	/**
	 * Returns the data set another process created on the server, to run statements on it
	 * without creating it again.
	 * @param server the server
	 * @param accounts the number of accounts it was created with
	 * @return the data set
	 */
	public static Dataset existing(BenchmarkServer server, int accounts) {
		return new Dataset(server, accounts);
	}

	/**
	 * Returns the number of accounts, the upper bound of the ids point selects draw.
	 * @return the number of rows in {@code pgbench_accounts}
	 */
	public int accounts() {
		return this.accounts;
	}

	/**
	 * Empties the history table, so that every insert measurement starts alike.
	 */
	public void truncateHistory() {
		execute("TRUNCATE " + SCHEMA + ".pgbench_history");
	}

	/**
	 * Empties the bulk-load table.
	 */
	public void truncateBulk() {
		execute("TRUNCATE " + BULK_TABLE);
	}

	/**
	 * Counts the rows of the bulk-load table.
	 * @return the count
	 */
	public long bulkRows() {
		try (Connection connection = this.server.connect();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery("SELECT count(*) FROM " + BULK_TABLE)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not count " + BULK_TABLE, ex);
		}
	}

	/**
	 * Reads the server's count of connections ever opened to this database
	 * ({@code pg_stat_database.sessions}), counting the one that reads it.
	 * @return the count
	 */
	public long sessions() {
		try (Connection connection = this.server.connect();
				Statement statement = connection.createStatement();
				var result = statement
					.executeQuery("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the server's count of connections", ex);
		}
	}

	/**
	 * Drops the schema, for an external server.
	 */
	public void drop() {
		execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
	}

	private void execute(String... statements) {
		try (Connection connection = this.server.connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not set up the benchmark tables: " + ex.getMessage(), ex);
		}
	}

}
