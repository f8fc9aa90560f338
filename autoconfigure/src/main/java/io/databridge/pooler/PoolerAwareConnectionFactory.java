package io.databridge.pooler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.databridge.error.DatabaseError;
import io.databridge.error.ServerMessage;
import io.databridge.pool.OpeningLoop;
import io.databridge.pool.PoolListener;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens connections that name their prepared statements only while nothing shows that a
 * transaction pooler stands between the application and PostgreSQL, and unnamed ones from
 * then on.
 * <p>
 * A connection names each statement it prepares ({@code S_0}, {@code S_1}, ...) and
 * expects to find it on its server connection later. Behind a transaction pooler the next
 * transaction may run on another server connection, where that name is unknown or means
 * another statement: errors, or another statement's rows. So:
 * <ul>
 * <li>in {@link PoolerMode#AUTO} with a URL that tells nothing, the first connection is
 * preceded by a probe: two connections each ask for their server process (its id, with
 * the server's address, port and start time, so that two servers behind one address are
 * told apart), in turn, a few times; if they ever get the same one, they share a server
 * connection, which a direct connection or a session pooler never does. A probe that
 * misses (another client took the server connection in between) or cannot finish (the
 * second connection gets no answer within 5 seconds) leaves named statements and the
 * runtime check below;</li>
 * <li>in every mode, when the server reports an error about one of the driver's statement
 * names ({@link io.databridge.error.NamedStatementConflict}), this factory is told, as a
 * {@link PoolListener}, logs once at ERROR and opens unnamed connections from then on;
 * the pool retires the connections it has.</li>
 * </ul>
 * The runtime check is a net, not a guarantee: every connection numbers its statements
 * from {@code S_0}, so a statement bound by name on another client's server connection
 * may meet a statement of the same name and parameter types there and run it, returning
 * its rows, before any error is seen. Only unnamed statements, from the first connection
 * on, are safe behind a transaction pooler.
 *
 * @author Databridge team
 */
public final class PoolerAwareConnectionFactory implements ConnectionFactory, PoolListener {

	private static final Log logger = LogFactory.getLog(PoolerAwareConnectionFactory.class);

	private static final int PROBE_ROUNDS = 3;

	private static final String SERVER_PROCESS = "SELECT pg_backend_pid() || '@' || coalesce(host(inet_server_addr()), "
			+ "'local') || ':' || coalesce(inet_server_port(), 0) || '/' || pg_postmaster_start_time()";

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Reactor's own "forever" for a cached value: no expiry is scheduled for it.
	 */
	private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

	private final String poolName;

	private final ConnectionFactory named;

	private final ConnectionFactory unnamed;

	private final List<String> sessionSettings;

	private final AtomicBoolean unnamedOnly = new AtomicBoolean();

	private final Mono<Boolean> sharing;

	/**
	 * Creates a factory.
	 * @param poolName the pool's name, for log messages
	 * @param probe whether to probe for a transaction pooler before the first connection
	 * @param named opens connections that cache statements under names
	 * @param unnamed opens connections that prepare only unnamed statements
	 * @param sessionSettings the properties of the session settings the connections send
	 * when they open, which a transaction pooler does not keep
	 */
	public PoolerAwareConnectionFactory(String poolName, boolean probe, ConnectionFactory named,
			ConnectionFactory unnamed, List<String> sessionSettings) {
		this.poolName = poolName;
		this.named = named;
		this.unnamed = unnamed;
		this.sessionSettings = List.copyOf(sessionSettings);
		this.sharing = probe ? Mono.defer(this::probe).cache((shared) -> FOREVER, (ex) -> Duration.ZERO, () -> FOREVER)
				: Mono.just(false);
	}

	@Override
	public Mono<Connection> create() {
		return Mono.deferContextual((context) -> {
			Thread asking = Thread.currentThread();
			return this.sharing.flatMap((shared) -> {
				if (shared && !this.sessionSettings.isEmpty()) {
					return Mono.error(sessionSettingsRefused());
				}
				Mono<Connection> opening = Mono.from((this.unnamedOnly.get() ? this.unnamed : this.named).create());
				// Reactor Netty puts a connection opened from an event loop on that
				// loop: a decision that waited for the probe arrives on a probe
				// connection's loop, so the connection is then opened from the loop
				// the pool chose, not from there
				return (Thread.currentThread() == asking) ? opening : OpeningLoop.openFrom(context, opening);
			});
		});
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.named.getMetadata();
	}

	/**
	 * Returns whether new connections prepare only unnamed statements.
	 * @return whether a transaction pooler was found
	 */
	public boolean isUnnamedOnly() {
		return this.unnamedOnly.get();
	}

	@Override
	public void namedStatementsConflicted(Throwable error) {
		if (this.unnamedOnly.compareAndSet(false, true)) {
			ServerMessage said = ServerMessage.of(error);
			logger.error("[" + this.poolName + "] The server answered a statement prepared under a name with "
					+ ((said != null) ? said.quote() : error.getClass().getSimpleName())
					+ ": the connections go through a transaction pooler (PgBouncer in pool_mode=transaction, "
					+ "Neon's -pooler endpoint, Supabase on port 6543), which runs each transaction on any server "
					+ "connection, where that name is unknown or means another statement. New connections now "
					+ "prepare only unnamed statements and the open ones are closed as they come back. "
					+ "Set databridge.pooler=transaction to start that way.");
		}
	}

	/**
	 * Probes for a transaction pooler. The first connection failing to open fails the
	 * probe as it would fail any connection, and the next connection probes again; once
	 * the first is open, anything that keeps the second from answering (a session pooler
	 * or a server with no slot left, a timeout) leaves the question open: the probe
	 * settles on named statements, says so, and the runtime check stays on guard.
	 * @return whether two connections shared a server process
	 */
	private Mono<Boolean> probe() {
		return Mono.usingWhen(this.named.create(), this::probeBeside, Connection::close).doOnNext((shared) -> {
			if (shared && this.unnamedOnly.compareAndSet(false, true)) {
				logger.info("[" + this.poolName + "] Two connections were served by one server connection: "
						+ "a transaction pooler stands in front of PostgreSQL, so connections prepare only "
						+ "unnamed statements. Set databridge.pooler=transaction to skip this check.");
			}
		});
	}

	private Mono<Boolean> probeBeside(Connection first) {
		return Mono.usingWhen(this.named.create(), (second) -> shareServerProcess(first, second), Connection::close)
			.timeout(PROBE_TIMEOUT)
			.onErrorResume((ex) -> {
				logger.warn("[" + this.poolName + "] Could not tell whether a transaction pooler stands in front of "
						+ "PostgreSQL (" + DatabaseError.of(ex).describe() + " on a second connection); connections "
						+ "name their prepared statements. Set databridge.pooler to say which.");
				return Mono.just(false);
			});
	}

	private static Mono<Boolean> shareServerProcess(Connection first, Connection second) {
		return Flux.range(0, PROBE_ROUNDS)
			.concatMap((round) -> serverProcess(first).flatMap((process) -> serverProcess(second).map(process::equals)))
			.any(Boolean::booleanValue);
	}

	/**
	 * Identifies the server process a connection's statement runs in: its process id, on
	 * which server (address and port, as the server sees them) and since when that server
	 * runs, so that two servers behind one address cannot be taken for one.
	 * @param connection the connection
	 * @return the identity
	 */
	private static Mono<String> serverProcess(Connection connection) {
		return Flux.from(connection.createStatement(SERVER_PROCESS).execute())
			.concatMap((result) -> result.map((row, metadata) -> String.valueOf(row.get(0))))
			.single();
	}

	private SessionSettingsRefusedException sessionSettingsRefused() {
		String settings = String.join(", ", this.sessionSettings);
		return new SessionSettingsRefusedException("[" + this.poolName + "] Two connections were served by one "
				+ "server connection: a transaction pooler stands in front of PostgreSQL, and it does not keep the "
				+ "settings sent when a connection opens (" + settings + "), so they would not apply.",
				"Set them on the database role instead, where every server connection takes them (ALTER ROLE "
						+ "<user> IN DATABASE <database> SET statement_timeout = '30s', for example) and remove "
						+ settings + ". If the pooler runs in session mode, set databridge.pooler=session.");
	}

}
