package io.databridge.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.databridge.pooler.PoolerMode;
import io.databridge.url.ChannelBinding;
import io.databridge.url.HostAddress;
import io.databridge.url.SettingValue;
import io.databridge.url.SslMode;
import io.databridge.url.TargetSessionAttributes;
import io.databridge.url.UrlMasker;
import org.jspecify.annotations.Nullable;

/**
 * Effective, validated settings of a PostgreSQL connection: what a URL said, refined by
 * configuration properties and completed with defaults. {@link #toString()} never shows
 * the password.
 *
 * @param hosts the servers to try, in order; empty when {@code unixSocket} is set
 * @param unixSocket the Unix-domain socket file, or {@code null} for TCP
 * @param database the database name
 * @param username the login user
 * @param password the login password, or {@code null} for password-less authentication
 * @param ssl the TLS settings
 * @param applicationName the application_name reported to the server
 * @param connectTimeout the TCP connect timeout
 * @param statementTimeout the server statement_timeout, or {@code null} for the server
 * default
 * @param schema the schema put first on the search_path, or {@code null}
 * @param options the server settings sent at connection start
 * @param targetSessionAttributes which of several hosts is acceptable
 * @param pooling how connections reach the server and which statements they prepare
 * @param endpoint the Neon endpoint id sent in the {@code options} startup parameter, or
 * {@code null}
 * @author Databridge team
 */
public record ConnectionSettings(List<HostAddress> hosts, @Nullable String unixSocket, String database, String username,
		@Nullable String password, SslSettings ssl, String applicationName, Duration connectTimeout,
		@Nullable Duration statementTimeout, @Nullable String schema, Map<String, String> options,
		TargetSessionAttributes targetSessionAttributes, Pooling pooling, @Nullable String endpoint) {

	/**
	 * Creates the settings of a direct connection that keeps the driver's
	 * prepared-statement cache.
	 * @param hosts the servers to try, in order; empty when {@code unixSocket} is set
	 * @param unixSocket the Unix-domain socket file, or {@code null} for TCP
	 * @param database the database name
	 * @param username the login user
	 * @param password the login password, or {@code null}
	 * @param ssl the TLS settings
	 * @param applicationName the application_name reported to the server
	 * @param connectTimeout the TCP connect timeout
	 * @param statementTimeout the server statement_timeout, or {@code null}
	 * @param schema the schema put first on the search_path, or {@code null}
	 * @param options the server settings sent at connection start
	 * @param targetSessionAttributes which of several hosts is acceptable
	 */
	public ConnectionSettings(List<HostAddress> hosts, @Nullable String unixSocket, String database, String username,
			@Nullable String password, SslSettings ssl, String applicationName, Duration connectTimeout,
			@Nullable Duration statementTimeout, @Nullable String schema, Map<String, String> options,
			TargetSessionAttributes targetSessionAttributes) {
		this(hosts, unixSocket, database, username, password, ssl, applicationName, connectTimeout, statementTimeout,
				schema, options, targetSessionAttributes, Pooling.DIRECT, null);
	}

	/**
	 * Describes where these settings connect to, in the form
	 * {@code user@host:port/database}, without the password.
	 * @return the description
	 */
	public String target() {
		String where = (this.unixSocket != null) ? this.unixSocket
				: this.hosts.stream().map(ConnectionSettings::hostAndPort).collect(Collectors.joining(","));
		return this.username + "@" + where + "/" + this.database;
	}

	/**
	 * Describes every effective setting on one line, the password masked.
	 * @return the description
	 */
	public String describe() {
		StringBuilder description = new StringBuilder(target());
		description.append(" password=").append(UrlMasker.maskSecret(this.password, "<none>"));
		description.append(" sslmode=").append(SettingValue.of(this.ssl.mode()));
		description.append(" application_name=").append(this.applicationName);
		description.append(" connect-timeout=").append(this.connectTimeout);
		if (this.statementTimeout != null) {
			description.append(" statement-timeout=").append(this.statementTimeout);
		}
		if (this.schema != null) {
			description.append(" schema=").append(this.schema);
		}
		if (!this.options.isEmpty()) {
			description.append(" options=").append(this.options);
		}
		if (this.hosts.size() > 1) {
			description.append(" target_session_attrs=").append(this.targetSessionAttributes);
		}
		if (this.endpoint != null) {
			description.append(" endpoint=").append(this.endpoint);
		}
		description.append(" pooler=").append(this.pooling.mode().value());
		if (this.pooling.reason() != null) {
			description.append(" (").append(this.pooling.reason()).append(')');
		}
		if (this.pooling.statementCacheSize() != null) {
			description.append(" statement-cache-size=").append(this.pooling.statementCacheSize());
		}
		return description.toString();
	}

	/**
	 * Returns the value of the {@code options} startup parameter that routes a connection
	 * to a Neon endpoint, as Neon's proxy reads it.
	 * @return {@code endpoint=<id>}, or {@code null} when no endpoint is set
	 */
	public @Nullable String endpointOption() {
		return (this.endpoint != null) ? "endpoint=" + this.endpoint : null;
	}

	@Override
	public String toString() {
		return "ConnectionSettings[" + describe() + "]";
	}

	private static String hostAndPort(HostAddress address) {
		String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
		return host + ":" + address.port();
	}

	/**
	 * How connections reach the server and which statements they prepare.
	 *
	 * @param mode the pooler between the application and PostgreSQL,
	 * {@link PoolerMode#AUTO} when neither configuration nor the URL tells
	 * @param reason what the mode was recognised by, or {@code null} when it was
	 * configured
	 * @param statementCacheSize how many statements a connection keeps prepared under a
	 * name ({@code 0}: unnamed statements only, {@code -1}: unbounded), or {@code null}
	 * for the driver's default
	 * @param sessionSettings where the settings sent when a connection opens (statement
	 * timeout, schema, server options) were configured, such as
	 * {@code databridge.statement-timeout}: a transaction pooler does not keep them
	 */
	public record Pooling(PoolerMode mode, @Nullable String reason, @Nullable Integer statementCacheSize,
			List<String> sessionSettings) {

		/**
		 * A direct connection with the driver's statement cache.
		 */
		public static final Pooling DIRECT = new Pooling(PoolerMode.NONE, null, null, List.of());

		/**
		 * Creates pooling settings.
		 * @param mode the pooler mode
		 * @param reason what the mode was recognised by, or {@code null}
		 * @param statementCacheSize the statement cache size, or {@code null}
		 * @param sessionSettings where the session settings were configured
		 */
		public Pooling {
			sessionSettings = List.copyOf(sessionSettings);
		}

		/**
		 * Returns whether connections prepare only unnamed statements.
		 * @return whether the statement cache is off
		 */
		public boolean unnamedStatements() {
			return this.statementCacheSize != null && this.statementCacheSize == 0;
		}

	}

	/**
	 * TLS settings of a connection.
	 *
	 * @param mode the TLS mode
	 * @param rootCert the PEM file of trusted certificate authorities, or {@code null}
	 * for the JVM's trust store
	 * @param cert the PEM file of the client certificate, or {@code null}
	 * @param key the PEM file of the client key, or {@code null}
	 * @param keyPassword the password of the client key, or {@code null}
	 * @param channelBinding whether SCRAM authentication binds to the TLS channel
	 * @param bundle the name of the Spring Boot SSL bundle that supplies trust and key
	 * material instead of the PEM files, or {@code null}
	 */
	public record SslSettings(SslMode mode, @Nullable String rootCert, @Nullable String cert, @Nullable String key,
			@Nullable String keyPassword, ChannelBinding channelBinding, @Nullable String bundle) {

		/**
		 * Creates TLS settings without an SSL bundle.
		 * @param mode the TLS mode
		 * @param rootCert the PEM file of trusted certificate authorities, or
		 * {@code null} for the JVM's trust store
		 * @param cert the PEM file of the client certificate, or {@code null}
		 * @param key the PEM file of the client key, or {@code null}
		 * @param keyPassword the password of the client key, or {@code null}
		 * @param channelBinding whether SCRAM authentication binds to the TLS channel
		 */
		public SslSettings(SslMode mode, @Nullable String rootCert, @Nullable String cert, @Nullable String key,
				@Nullable String keyPassword, ChannelBinding channelBinding) {
			this(mode, rootCert, cert, key, keyPassword, channelBinding, null);
		}

		/**
		 * Creates TLS settings that use channel binding when the server offers it.
		 * @param mode the TLS mode
		 * @param rootCert the PEM file of trusted certificate authorities, or
		 * {@code null} for the JVM's trust store
		 * @param cert the PEM file of the client certificate, or {@code null}
		 * @param key the PEM file of the client key, or {@code null}
		 * @param keyPassword the password of the client key, or {@code null}
		 */
		public SslSettings(SslMode mode, @Nullable String rootCert, @Nullable String cert, @Nullable String key,
				@Nullable String keyPassword) {
			this(mode, rootCert, cert, key, keyPassword, ChannelBinding.PREFER, null);
		}

		@Override
		public String toString() {
			return "SslSettings[mode=" + this.mode + ", rootCert=" + this.rootCert + ", cert=" + this.cert + ", key="
					+ this.key + ", keyPassword=" + UrlMasker.maskSecret(this.keyPassword, "null") + ", channelBinding="
					+ this.channelBinding + ", bundle=" + this.bundle + "]";
		}

	}

}
