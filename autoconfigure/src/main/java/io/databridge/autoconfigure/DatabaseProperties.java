package io.databridge.autoconfigure;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databridge.health.HealthCheckMode;
import io.databridge.pool.ValidationMode;
import io.databridge.pooler.PoolerMode;
import io.databridge.startup.CapacityCheck;
import io.databridge.startup.StartupMode;
import io.databridge.url.SslMode;
import io.databridge.url.UrlMasker;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one database: where it is, how to log in, and how its pool behaves. The
 * top level of {@code databridge.*} is one (the primary database), and so is each entry
 * of {@code databridge.databases}.
 * <p>
 * A property set here wins over the same setting carried by {@link #getUrl() the URL}:
 * the URL says where the database is, the properties may refine it.
 *
 * @author Databridge team
 */
public class DatabaseProperties {

	/**
	 * PostgreSQL URL in any common dialect: postgresql://, postgres://,
	 * postgresql+asyncpg://, jdbc:postgresql://, r2dbc:postgresql://. When unset and
	 * embedded PostgreSQL is on the classpath, an embedded server is started.
	 */
	private @Nullable String url;

	/**
	 * Login user of the database. Overrides a user given in the URL.
	 */
	private @Nullable String username;

	/**
	 * Login password of the database. Overrides a password given in the URL.
	 */
	private @Nullable String password;

	/**
	 * Name reported to the server as application_name, visible in pg_stat_activity.
	 * Overrides application_name in the URL. Defaults to spring.application.name, then to
	 * the pool name.
	 */
	private @Nullable String applicationName;

	/**
	 * Maximum time to establish the TCP connection to the server. Overrides
	 * connect_timeout in the URL.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * Server-side limit on the duration of any statement (statement_timeout). Unset
	 * leaves the server default.
	 */
	private @Nullable Duration statementTimeout;

	/**
	 * Schema to put first on the search_path of every connection.
	 */
	private @Nullable String schema;

	/**
	 * Server settings sent at connection start, such as work_mem or TimeZone. Merged with
	 * the URL's options; a key set here wins.
	 */
	private Map<String, String> options = new LinkedHashMap<>();

	/**
	 * Pooler between the application and PostgreSQL: 'auto' recognises Neon's -pooler
	 * hosts and Supabase's poolers from the URL and otherwise probes whether two
	 * connections share a server connection; 'none' for a direct connection; 'session'
	 * for a pooler in session mode; 'transaction' for a pooler in transaction mode
	 * (PgBouncer's pool_mode=transaction), which makes statements unnamed and refuses
	 * session settings sent at connection start.
	 */
	private PoolerMode pooler = PoolerMode.AUTO;

	/**
	 * Number of statements each connection keeps prepared under a name on the server: 0
	 * prepares only unnamed statements (what a transaction pooler needs), -1 keeps every
	 * statement. Defaults to 0 through a transaction pooler, otherwise to the driver's
	 * default (-1). Overrides the URL's preparedStatementCacheQueries.
	 */
	private @Nullable Integer statementCacheSize;

	private final Ssl ssl = new Ssl();

	private final Pool pool = new Pool();

	private final Startup startup = new Startup();

	private final Shutdown shutdown = new Shutdown();

	private final Health health = new Health();

	private final Credentials credentials = new Credentials();

	/**
	 * Read replicas (streaming standbys) that read-only transactions run on. Statements
	 * outside a transaction and read-write transactions run on the primary.
	 */
	private List<Replica> replicas = new ArrayList<>();

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getApplicationName() {
		return this.applicationName;
	}

	public void setApplicationName(@Nullable String applicationName) {
		this.applicationName = applicationName;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public void setStatementTimeout(@Nullable Duration statementTimeout) {
		this.statementTimeout = statementTimeout;
	}

	public @Nullable String getSchema() {
		return this.schema;
	}

	public void setSchema(@Nullable String schema) {
		this.schema = schema;
	}

	public Map<String, String> getOptions() {
		return this.options;
	}

	public void setOptions(Map<String, String> options) {
		this.options = options;
	}

	public PoolerMode getPooler() {
		return this.pooler;
	}

	public void setPooler(PoolerMode pooler) {
		this.pooler = pooler;
	}

	public @Nullable Integer getStatementCacheSize() {
		return this.statementCacheSize;
	}

	public void setStatementCacheSize(@Nullable Integer statementCacheSize) {
		this.statementCacheSize = statementCacheSize;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Pool getPool() {
		return this.pool;
	}

	public Startup getStartup() {
		return this.startup;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Health getHealth() {
		return this.health;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public List<Replica> getReplicas() {
		return this.replicas;
	}

	public void setReplicas(List<Replica> replicas) {
		this.replicas = replicas;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[url=" + UrlMasker.mask(this.url) + ", username=" + this.username
				+ ", password=" + UrlMasker.maskSecret(this.password, "null") + "]";
	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * TLS mode, as libpq's sslmode. Overrides sslmode in the URL; defaults to prefer.
		 */
		private @Nullable SslMode mode;

		/**
		 * PEM file of the certificate authorities trusted to sign the server certificate,
		 * for verify-ca and verify-full.
		 */
		private @Nullable File rootCert;

		/**
		 * PEM file of the client certificate, for certificate authentication.
		 */
		private @Nullable File cert;

		/**
		 * PEM file of the client certificate's private key (PKCS#8).
		 */
		private @Nullable File key;

		/**
		 * Password of an encrypted client key. Overrides sslpassword in the URL.
		 */
		private @Nullable String keyPassword;

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.pem.* or
		 * spring.ssl.bundle.jks.*) to take the trusted authorities and the client
		 * certificate from, instead of root-cert, cert and key. New connections use the
		 * bundle's material as Spring Boot reloads it. With a bundle, the TLS mode
		 * defaults to verify-full.
		 */
		private @Nullable String bundle;

		public @Nullable SslMode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable SslMode mode) {
			this.mode = mode;
		}

		public @Nullable File getRootCert() {
			return this.rootCert;
		}

		public void setRootCert(@Nullable File rootCert) {
			this.rootCert = rootCert;
		}

		public @Nullable File getCert() {
			return this.cert;
		}

		public void setCert(@Nullable File cert) {
			this.cert = cert;
		}

		public @Nullable File getKey() {
			return this.key;
		}

		public void setKey(@Nullable File key) {
			this.key = key;
		}

		public @Nullable String getKeyPassword() {
			return this.keyPassword;
		}

		public void setKeyPassword(@Nullable String keyPassword) {
			this.keyPassword = keyPassword;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Connection pool settings, following SQLAlchemy's pool_size and max_overflow.
	 */
	public static class Pool {

		/**
		 * Name of the pool, used in log lines and metric tags. Defaults to 'databridge'
		 * for the primary database and to the database's name under databridge.databases.
		 */
		private @Nullable String name;

		/**
		 * Number of connections kept open, even when idle.
		 */
		private int size = 10;

		/**
		 * Number of extra connections allowed under load on top of the pool size; they
		 * are closed again once idle for the idle timeout.
		 */
		private int maxOverflow = 10;

		/**
		 * Maximum time a caller waits for a connection before failing.
		 */
		private Duration acquireTimeout = Duration.ofSeconds(30);

		/**
		 * Time after which an idle overflow connection is closed.
		 */
		private Duration idleTimeout = Duration.ofMinutes(10);

		/**
		 * Maximum lifetime of a connection; each connection is replaced up to 10% earlier
		 * so that they do not all expire together.
		 */
		private Duration maxLifetime = Duration.ofMinutes(30);

		/**
		 * Maximum number of callers waiting for a connection at once; past it, a caller
		 * fails at once instead of queueing. -1 for no limit, 0 to never wait.
		 */
		private int maxPending = 1000;

		/**
		 * When a connection is checked with a round trip to the server before it is
		 * handed out: 'idle' pings only connections idle for longer than the validation
		 * interval, 'always' pings every one, 'never' checks none.
		 */
		private ValidationMode validation = ValidationMode.IDLE;

		/**
		 * Idle time after which a connection is pinged before it is handed out, in 'idle'
		 * validation mode.
		 */
		private Duration validationInterval = Duration.ofSeconds(1);

		/**
		 * Time a connection may be held before a possible leak is logged at WARN with the
		 * code that acquired it. Unset to not watch for leaks.
		 */
		private @Nullable Duration leakDetectionThreshold;

		/**
		 * Maximum time a connection given back while its last statement is still being
		 * answered (the caller stopped reading early, as first(), take(n) or a timeout
		 * do) may take to finish reading that answer before it is cancelled and closed
		 * instead of being pooled again.
		 */
		private Duration drainTimeout = Duration.ofSeconds(1);

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

		public int getMaxOverflow() {
			return this.maxOverflow;
		}

		public void setMaxOverflow(int maxOverflow) {
			this.maxOverflow = maxOverflow;
		}

		public Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public int getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(int maxPending) {
			this.maxPending = maxPending;
		}

		public ValidationMode getValidation() {
			return this.validation;
		}

		public void setValidation(ValidationMode validation) {
			this.validation = validation;
		}

		public Duration getValidationInterval() {
			return this.validationInterval;
		}

		public void setValidationInterval(Duration validationInterval) {
			this.validationInterval = validationInterval;
		}

		public @Nullable Duration getLeakDetectionThreshold() {
			return this.leakDetectionThreshold;
		}

		public void setLeakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
			this.leakDetectionThreshold = leakDetectionThreshold;
		}

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			this.drainTimeout = drainTimeout;
		}

	}

	/**
	 * How the pool is opened while the application starts.
	 */
	public static class Startup {

		/**
		 * What to do about the database at startup: 'fail-fast' opens the pool's
		 * connections and fails startup if it cannot, 'wait' retries with backoff until
		 * the startup timeout, 'lazy' starts without touching the database.
		 */
		private StartupMode mode = StartupMode.FAIL_FAST;

		/**
		 * Maximum time 'wait' mode keeps trying to reach the database.
		 */
		private Duration timeout = Duration.ofSeconds(60);

		/**
		 * What to do when the server's free connections (max_connections, less
		 * superuser_reserved_connections and those in use) cannot take this pool's
		 * maximum (size plus max-overflow): 'warn' logs the numbers, 'fail' fails
		 * startup, 'off' does not look. Checked once the pool's first connection is open.
		 */
		private CapacityCheck capacityCheck = CapacityCheck.WARN;

		public CapacityCheck getCapacityCheck() {
			return this.capacityCheck;
		}

		public void setCapacityCheck(CapacityCheck capacityCheck) {
			this.capacityCheck = capacityCheck;
		}

		public StartupMode getMode() {
			return this.mode;
		}

		public void setMode(StartupMode mode) {
			this.mode = mode;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * How the pool is closed when the application stops.
	 */
	public static class Shutdown {

		/**
		 * Time in-flight work is given to return its connections when the application
		 * stops; connections still in use afterwards are closed.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * A read replica.
	 */
	public static class Replica {

		/**
		 * URL of the replica, in any dialect databridge.url accepts. Without a user or
		 * password, the primary's are used; TLS, timeouts and options are the primary's.
		 */
		private @Nullable String url;

		/**
		 * Number of connections kept open to the replica. Defaults to
		 * databridge.pool.size.
		 */
		private @Nullable Integer size;

		/**
		 * Maximum time a read-only transaction waits for a connection to the replica
		 * before it runs on the primary instead.
		 */
		private Duration acquireTimeout = Duration.ofSeconds(2);

		/**
		 * Most the replica may lag behind the primary and still serve reads, measured
		 * every second; a replica lagging more is skipped until it catches up. Unset, the
		 * lag is not measured.
		 */
		private @Nullable Duration maxLag;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable Integer getSize() {
			return this.size;
		}

		public void setSize(@Nullable Integer size) {
			this.size = size;
		}

		public Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public @Nullable Duration getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(@Nullable Duration maxLag) {
			this.maxLag = maxLag;
		}

	}

	/**
	 * Settings of passwords supplied by a DatabridgePasswordSupplier bean.
	 */
	public static class Credentials {

		/**
		 * Time a password from the DatabridgePasswordSupplier bean is reused for new
		 * connections before it is asked again; a password the server refuses is dropped
		 * at once. 0 asks for every connection.
		 */
		private Duration cacheTime = Duration.ofMinutes(1);

		public Duration getCacheTime() {
			return this.cacheTime;
		}

		public void setCacheTime(Duration cacheTime) {
			this.cacheTime = cacheTime;
		}

	}

	/**
	 * Health indicator settings.
	 */
	public static class Health {

		/**
		 * How the health indicator checks the database: query runs a query through the
		 * pool; pool reads the pool's state only, so that probes never wake a database
		 * that scales to zero.
		 */
		private HealthCheckMode mode = HealthCheckMode.QUERY;

		/**
		 * Time after which a health check gives up and reports DOWN.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * Time a health result is reused, so that frequent probes share one query. Zero
		 * still shares a check that is in progress.
		 */
		private Duration cacheTime = Duration.ofSeconds(1);

		public HealthCheckMode getMode() {
			return this.mode;
		}

		public void setMode(HealthCheckMode mode) {
			this.mode = mode;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getCacheTime() {
			return this.cacheTime;
		}

		public void setCacheTime(Duration cacheTime) {
			this.cacheTime = cacheTime;
		}

	}

}
