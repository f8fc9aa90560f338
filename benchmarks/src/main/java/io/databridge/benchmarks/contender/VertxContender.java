package io.databridge.benchmarks.contender;

import java.util.concurrent.CompletionStage;

import io.databridge.benchmarks.server.BenchmarkServer;
import io.databridge.benchmarks.server.Dataset;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * The Vert.x PostgreSQL client: a {@link Pool}, which runs one command per connection at
 * a time, or a pipelining {@link SqlClient}, which sends up to 256 commands on a
 * connection before their replies, as a reference for what pipelining buys. Prepared
 * statements are cached, as r2dbc-postgresql and pgjdbc do by default.
 *
 * @author Databridge team
 */
final class VertxContender implements Contender {

	private static final int PIPELINING_LIMIT = 256;

	private final String name;

	private final Vertx vertx;

	private final SqlClient client;

	private final @Nullable Pool pool;

	private VertxContender(String name, Vertx vertx, SqlClient client, @Nullable Pool pool) {
		this.name = name;
		this.vertx = vertx;
		this.client = client;
		this.pool = pool;
	}

	/**
	 * Creates a contender on a new Vert.x instance.
	 * @param name the contender's name
	 * @param server the server
	 * @param poolSize the number of connections
	 * @param pipelined whether to pipeline commands on each connection
	 * @return the contender
	 */
	static VertxContender create(String name, BenchmarkServer server, int poolSize, boolean pipelined) {
		Vertx vertx = Vertx.vertx();
		PgConnectOptions connect = new PgConnectOptions().setHost(server.host())
			.setPort(server.port())
			.setDatabase(server.database())
			.setUser(server.username())
			.setCachePreparedStatements(true)
			.setPipeliningLimit(pipelined ? PIPELINING_LIMIT : 1);
		if (server.password() != null) {
			connect.setPassword(server.password());
		}
		PoolOptions options = new PoolOptions().setMaxSize(poolSize).setMaxWaitQueueSize(-1);
		if (pipelined) {
			return new VertxContender(name, vertx,
					PgBuilder.client().with(options).connectingTo(connect).using(vertx).build(), null);
		}
		Pool pool = PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
		return new VertxContender(name, vertx, pool, pool);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return (this.pool != null) ? "vertx-pg-client 5 Pool, one command per connection at a time (pipelining off)"
				: "vertx-pg-client 5 pipelined SqlClient, up to " + PIPELINING_LIMIT
						+ " commands in flight per connection (a reference, not a pool)";
	}

	@Override
	public CompletionStage<?> pointSelect(int aid) {
		return this.client.preparedQuery(Dataset.POINT_SELECT).execute(Tuple.of(aid)).toCompletionStage();
	}

	@Override
	public CompletionStage<?> insert(int aid, int delta) {
		return this.client.preparedQuery(Dataset.INSERT).execute(Tuple.of(aid, delta)).toCompletionStage();
	}

	@Override
	public boolean canAcquire() {
		return this.pool != null;
	}

	@Override
	public CompletionStage<Long> timedAcquire(int aid) {
		if (this.pool == null) {
			throw new UnsupportedOperationException(this.name + " does not hand out connections");
		}
		long start = System.nanoTime();
		return this.pool.getConnection().compose((connection) -> {
			long waited = System.nanoTime() - start;
			Future<Long> query = connection.preparedQuery(Dataset.POINT_SELECT)
				.execute(Tuple.of(aid))
				.map((rows) -> waited);
			return query.eventually(connection::close);
		}).toCompletionStage();
	}

	@Override
	public void close() {
		this.client.close().await();
		this.vertx.close().await();
	}

}
