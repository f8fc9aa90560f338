package io.databridge.url;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

/**
 * The settings carried by a PostgreSQL connection URL, whatever its dialect. Instances
 * are immutable and created by {@link DatabaseUrlParser#parse(String)}.
 * <p>
 * {@link #password()} is the only method that reveals a password: {@link #toString()} and
 * {@link #maskedUrl()} replace it with {@code ****}.
 *
 * @author Databridge team
 */
public final class DatabaseUrl {

	private final Dialect dialect;

	private final List<HostAddress> hosts;

	private final @Nullable String unixSocket;

	private final @Nullable String database;

	private final @Nullable String username;

	private final @Nullable String password;

	private final @Nullable SslMode sslMode;

	private final @Nullable String sslRootCert;

	private final @Nullable String sslCert;

	private final @Nullable String sslKey;

	private final @Nullable String sslPassword;

	private final @Nullable String applicationName;

	private final @Nullable Duration connectTimeout;

	private final @Nullable Duration statementTimeout;

	private final @Nullable String schema;

	private final Map<String, String> options;

	private final @Nullable String endpoint;

	private final @Nullable Integer statementCacheSize;

	private final @Nullable TargetSessionAttributes targetSessionAttributes;

	private final @Nullable ChannelBinding channelBinding;

	private final String maskedUrl;

	DatabaseUrl(DatabaseUrlBuilder builder) {
		this.dialect = builder.dialect;
		this.hosts = List.copyOf(Objects.requireNonNull(builder.hosts));
		this.unixSocket = builder.unixSocket;
		this.database = builder.database;
		this.username = builder.username;
		this.password = builder.password;
		this.sslMode = builder.sslMode;
		this.sslRootCert = builder.sslRootCert;
		this.sslCert = builder.sslCert;
		this.sslKey = builder.sslKey;
		this.sslPassword = builder.sslPassword;
		this.applicationName = builder.applicationName;
		this.connectTimeout = builder.connectTimeout;
		this.statementTimeout = builder.statementTimeout;
		this.schema = builder.schema;
		this.options = Collections.unmodifiableMap(new LinkedHashMap<>(builder.options));
		this.endpoint = builder.endpoint;
		this.statementCacheSize = builder.statementCacheSize;
		this.targetSessionAttributes = builder.targetSessionAttributes;
		this.channelBinding = builder.channelBinding;
		this.maskedUrl = UrlMasker.mask(builder.url);
	}

	/**
	 * Returns the dialect the URL was written in.
	 * @return the dialect
	 */
	public Dialect dialect() {
		return this.dialect;
	}

	/**
	 * Returns the TCP hosts to connect to, in order, each with its port (5432 unless the
	 * URL gives one).
	 * @return the hosts, empty only when {@link #unixSocket()} is not {@code null}
	 */
	public List<HostAddress> hosts() {
		return this.hosts;
	}

	/**
	 * Returns the Unix-domain socket file to connect to, such as
	 * {@code /var/run/postgresql/.s.PGSQL.5432}, when the host is a directory.
	 * @return the socket file path, or {@code null} to connect over TCP
	 */
	public @Nullable String unixSocket() {
		return this.unixSocket;
	}

	/**
	 * Returns the database name.
	 * @return the database, or {@code null} when the URL names none
	 */
	public @Nullable String database() {
		return this.database;
	}

	/**
	 * Returns the user name.
	 * @return the user, or {@code null} when the URL names none
	 */
	public @Nullable String username() {
		return this.username;
	}

	/**
	 * Returns the password, decoded. This is the only method that reveals it.
	 * @return the password, or {@code null} when the URL carries none
	 */
	public @Nullable String password() {
		return this.password;
	}

	/**
	 * Returns the SSL mode.
	 * @return the SSL mode, or {@code null} when the URL sets none
	 */
	public @Nullable SslMode sslMode() {
		return this.sslMode;
	}

	/**
	 * Returns the path of the file of trusted root certificates.
	 * @return the path, or {@code null}
	 */
	public @Nullable String sslRootCert() {
		return this.sslRootCert;
	}

	/**
	 * Returns the path of the client certificate file.
	 * @return the path, or {@code null}
	 */
	public @Nullable String sslCert() {
		return this.sslCert;
	}

	/**
	 * Returns the path of the client key file.
	 * @return the path, or {@code null}
	 */
	public @Nullable String sslKey() {
		return this.sslKey;
	}

	/**
	 * Returns the password of the client key.
	 * @return the key password, or {@code null}
	 */
	public @Nullable String sslPassword() {
		return this.sslPassword;
	}

	/**
	 * Returns the application name reported to the server.
	 * @return the application name, or {@code null}
	 */
	public @Nullable String applicationName() {
		return this.applicationName;
	}

	/**
	 * Returns how long to wait for a connection to be established.
	 * @return the positive timeout, or {@code null} when the URL sets none
	 */
	public @Nullable Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Returns the statement timeout (R2DBC URLs only).
	 * @return the positive timeout, or {@code null} when the URL sets none
	 */
	public @Nullable Duration statementTimeout() {
		return this.statementTimeout;
	}

	/**
	 * Returns the schema search path (JDBC {@code currentSchema}, R2DBC {@code schema}).
	 * @return the schema, or {@code null}
	 */
	public @Nullable String schema() {
		return this.schema;
	}

	/**
	 * Returns the server settings to apply to each connection, such as those of libpq's
	 * {@code options=-c key=value}.
	 * @return the settings in the order given, unmodifiable, possibly empty
	 */
	public Map<String, String> options() {
		return this.options;
	}

	/**
	 * Returns the Neon endpoint id given as {@code options=endpoint=<id>}, which Neon's
	 * proxy reads to route a connection whose client cannot send the host name by SNI.
	 * @return the endpoint id, or {@code null}
	 */
	public @Nullable String endpoint() {
		return this.endpoint;
	}

	/**
	 * Returns how many prepared statements a connection keeps as named server-side
	 * statements: r2dbc-postgresql's {@code preparedStatementCacheQueries}, pgjdbc's
	 * {@code preparedStatementCacheQueries} ({@code prepareThreshold=0} meaning 0),
	 * SQLAlchemy asyncpg's {@code prepared_statement_cache_size}.
	 * @return the size, {@code 0} for unnamed statements, {@code -1} for unbounded, or
	 * {@code null} when the URL sets none
	 */
	public @Nullable Integer statementCacheSize() {
		return this.statementCacheSize;
	}

	/**
	 * Returns which kind of server a connection accepts.
	 * @return the target session attributes, or {@code null} when the URL sets none
	 */
	public @Nullable TargetSessionAttributes targetSessionAttributes() {
		return this.targetSessionAttributes;
	}

	/**
	 * Returns whether SCRAM authentication binds to the TLS channel.
	 * @return the channel binding, or {@code null} when the URL sets none
	 */
	public @Nullable ChannelBinding channelBinding() {
		return this.channelBinding;
	}

	/**
	 * Returns the URL as given (without surrounding whitespace) with every password
	 * replaced by {@code ****}, as {@link UrlMasker#mask(String)} does.
	 * @return the masked URL
	 */
	public String maskedUrl() {
		return this.maskedUrl;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return obj instanceof DatabaseUrl other && Arrays.asList(values()).equals(Arrays.asList(other.values()));
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(values());
	}

	private @Nullable Object[] values() {
		return new @Nullable Object[] { this.dialect, this.hosts, this.unixSocket, this.database, this.username,
				this.password, this.sslMode, this.sslRootCert, this.sslCert, this.sslKey, this.sslPassword,
				this.applicationName, this.connectTimeout, this.statementTimeout, this.schema, this.options,
				this.endpoint, this.statementCacheSize, this.targetSessionAttributes, this.channelBinding };
	}

	/**
	 * Returns the settings of the URL, with passwords shown as {@code ****}.
	 * @return a description without any password
	 */
	@Override
	public String toString() {
		StringJoiner joiner = new StringJoiner(", ", "DatabaseUrl[", "]");
		joiner.add("dialect=" + this.dialect);
		add(joiner, "hosts", this.hosts.isEmpty() ? null : this.hosts);
		add(joiner, "unixSocket", this.unixSocket);
		add(joiner, "database", this.database);
		add(joiner, "username", this.username);
		add(joiner, "password", (this.password != null) ? UrlMasker.MASK : null);
		add(joiner, "sslMode", this.sslMode);
		add(joiner, "sslRootCert", this.sslRootCert);
		add(joiner, "sslCert", this.sslCert);
		add(joiner, "sslKey", this.sslKey);
		add(joiner, "sslPassword", (this.sslPassword != null) ? UrlMasker.MASK : null);
		add(joiner, "applicationName", this.applicationName);
		add(joiner, "connectTimeout", this.connectTimeout);
		add(joiner, "statementTimeout", this.statementTimeout);
		add(joiner, "schema", this.schema);
		add(joiner, "options", this.options.isEmpty() ? null : this.options);
		add(joiner, "endpoint", this.endpoint);
		add(joiner, "statementCacheSize", this.statementCacheSize);
		add(joiner, "targetSessionAttributes", this.targetSessionAttributes);
		add(joiner, "channelBinding", this.channelBinding);
		return joiner.toString();
	}

	private static void add(StringJoiner joiner, String name, @Nullable Object value) {
		if (value != null) {
			joiner.add(name + "=" + value);
		}
	}

}
