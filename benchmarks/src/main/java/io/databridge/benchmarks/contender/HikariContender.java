package io.databridge.benchmarks.contender;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.server.Dataset;

/**
 * pgjdbc behind HikariCP with its defaults, driven by a fixed pool of platform threads,
 * one per caller, as a blocking application would run it.
 *
 * @author Databridge team
 */
final class HikariContender implements Contender {

	private static final String POINT_SELECT = jdbc(Dataset.POINT_SELECT);

	private static final String INSERT = jdbc(Dataset.INSERT);

	private final HikariDataSource dataSource;

	private final ExecutorService threads;

	private final int threadCount;

	private HikariContender(HikariDataSource dataSource, int threadCount) {
		this.dataSource = dataSource;
		this.threadCount = threadCount;
		AtomicInteger counter = new AtomicInteger();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(task, "hikari-caller-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		this.threads = Executors.newFixedThreadPool(threadCount, factory);
	}

	/**
	 * Creates the pool and fills it.
	 * @param server the server
	 * @param poolSize the number of connections
	 * @param threadCount the number of caller threads, at least the most callers any
	 * workload has
	 * @return the contender
	 */
	static HikariContender create(BenchmarkServer server, int poolSize, int threadCount) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("hikari");
		config.setJdbcUrl(server.jdbcUrl());
		config.setUsername(server.username());
		config.setPassword(server.password());
		config.setMaximumPoolSize(poolSize);
		return new HikariContender(new HikariDataSource(config), threadCount);
	}

	@Override
	public String name() {
		return "hikari";
	}

	@Override
	public String description() {
		return "pgjdbc + HikariCP (defaults), blocking calls on a fixed pool of " + this.threadCount
				+ " platform threads";
	}

	@Override
	public CompletionStage<?> pointSelect(int aid) {
		return CompletableFuture.runAsync(() -> run((connection) -> select(connection, aid)), this.threads);
	}

	@Override
	public CompletionStage<?> insert(int aid, int delta) {
		return CompletableFuture.runAsync(() -> run((connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
				statement.setInt(1, aid);
				statement.setInt(2, delta);
				statement.executeUpdate();
			}
		}), this.threads);
	}

	@Override
	public CompletionStage<Long> timedAcquire(int aid) {
		return CompletableFuture.supplyAsync(() -> {
			long start = System.nanoTime();
			try (Connection connection = this.dataSource.getConnection()) {
				long waited = System.nanoTime() - start;
				select(connection, aid);
				return waited;
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}, this.threads);
	}

	private void run(Work work) {
		try (Connection connection = this.dataSource.getConnection()) {
			work.run(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void select(Connection connection, int aid) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(POINT_SELECT)) {
			statement.setInt(1, aid);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					result.getInt(1);
				}
			}
		}
	}

	private static String jdbc(String sql) {
		return sql.replaceAll("\\$\\d+", "?");
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
		try {
			this.threads.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.dataSource.close();
	}

	/**
	 * Work on a borrowed connection.
	 */
	@FunctionalInterface
	private interface Work {

		void run(Connection connection) throws SQLException;

	}

}
