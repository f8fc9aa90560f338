package io.databridge.autoconfigure;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databridge.connection.ConnectionSettings;
import io.databridge.connection.ConnectionSettings.SslSettings;
import io.databridge.connection.ConnectionSettings.Pooling;
import io.databridge.pooler.PoolerDetection;
import io.databridge.pooler.PoolerMode;
import io.databridge.url.ChannelBinding;
import io.databridge.url.DatabaseUrl;
import io.databridge.url.DatabaseUrlParser;
import io.databridge.url.InvalidDatabaseUrlException;
import io.databridge.url.SslMode;
import io.databridge.url.TargetSessionAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Resolves the effective {@link ConnectionSettings} from connection details and
 * {@link DatabridgeProperties}: a property wins over the URL, a default fills what both
 * leave open, and every mistake becomes an {@link InvalidDatabridgePropertyException}.
 * Part of {@link DatabridgeSettingsResolver}.
 *
 * @author Databridge team
 */
class ConnectionSettingsResolver {

	static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private static final String EPOLL_CLASS = "io.netty.channel.epoll.Epoll";

	private final DatabaseProperties properties;

	private final String prefix;

	private final String poolName;

	private final @Nullable String applicationName;

	/**
	 * Creates a resolver of the primary database's connection, {@code databridge.*}.
	 * @param properties the bound properties
	 * @param applicationName the value of spring.application.name, or {@code null}
	 */
	ConnectionSettingsResolver(DatabridgeProperties properties, @Nullable String applicationName) {
		this(properties, DatabridgeSettingsResolver.PRIMARY_PREFIX, "databridge", applicationName);
	}

	/**
	 * Creates a resolver.
	 * @param properties the database's properties
	 * @param prefix the prefix of its properties, which failures name
	 * @param poolName the name of its pool, the last default of its application name
	 * @param applicationName the value of spring.application.name, or {@code null}
	 */
	ConnectionSettingsResolver(DatabaseProperties properties, String prefix, String poolName,
			@Nullable String applicationName) {
		this.properties = properties;
		this.prefix = prefix;
		this.poolName = poolName;
		this.applicationName = applicationName;
	}

	ConnectionSettings resolve(DatabridgeConnectionDetails details) {
		DatabaseUrl url = parse(details.getUrl());
		String username = firstNonNull(details.getUsername(), url.username());
		if (!StringUtils.hasText(username)) {
			throw new InvalidDatabridgePropertyException(property("username"), null, "No database user is configured.",
					"Set " + property("username") + ", or put the user in " + property("url") + ": "
							+ "postgresql://user:password@host:5432/database");
		}
		checkUnixSocket(url);
		String database = firstNonNull(url.database(), username);
		String password = firstNonNull(details.getPassword(), url.password());
		SslSettings ssl = ssl(url);
		String applicationName = applicationName(url);
		Duration connectTimeout = connectTimeout(url);
		Duration statementTimeout = statementTimeout(url);
		String schema = firstNonNull(this.properties.getSchema(), url.schema());
		Map<String, String> options = options(url);
		List<SessionSetting> sessionSettings = sessionSettings(statementTimeout, schema, options);
		Pooling pooling = pooling(url, details, sessionSettings);
		if (pooling.mode() == PoolerMode.TRANSACTION && !sessionSettings.isEmpty()) {
			throw refusedBehindTransactionPooler(sessionSettings.get(0), pooling, username, database);
		}
		return new ConnectionSettings(url.hosts(), url.unixSocket(), database, username, password, ssl, applicationName,
				connectTimeout, statementTimeout, schema, options,
				firstNonNull(url.targetSessionAttributes(), TargetSessionAttributes.ANY), pooling, url.endpoint());
	}

	/**
	 * Lists the settings sent when a connection opens, each with where it was configured
	 * and the server setting and value it becomes.
	 */
	private List<SessionSetting> sessionSettings(@Nullable Duration statementTimeout, @Nullable String schema,
			Map<String, String> options) {
		List<SessionSetting> settings = new ArrayList<>();
		if (statementTimeout != null) {
			settings.add(new SessionSetting(
					(this.properties.getStatementTimeout() != null) ? property("statement-timeout") : property("url"),
					"statement_timeout", "'" + statementTimeout.toMillis() + "ms'", statementTimeout));
		}
		if (schema != null) {
			settings
				.add(new SessionSetting((this.properties.getSchema() != null) ? property("schema") : property("url"),
						"search_path", schema, schema));
		}
		options.forEach((name,
				value) -> settings.add(new SessionSetting(this.properties.getOptions().containsKey(name)
						? property("options") + "." + name : property("url"), name,
						"'" + value.replace("'", "''") + "'", value)));
		return settings;
	}

	private Pooling pooling(DatabaseUrl url, DatabridgeConnectionDetails details,
			List<SessionSetting> sessionSettings) {
		Integer cacheSize = firstNonNull(this.properties.getStatementCacheSize(), url.statementCacheSize());
		if (cacheSize != null && cacheSize < -1) {
			throw new InvalidDatabridgePropertyException(property("statement-cache-size"), cacheSize,
					"The size must be -1 (unbounded), 0 (unnamed statements only) or positive.",
					"Set " + property("statement-cache-size")
							+ " to 0 behind a transaction pooler, or remove it to keep the " + "default.");
		}
		PoolerMode mode = this.properties.getPooler();
		String reason = null;
		if (mode == PoolerMode.AUTO && details.isDirect()) {
			mode = PoolerMode.NONE;
			reason = "a server started for the application";
		}
		if (mode == PoolerMode.AUTO) {
			PoolerDetection.Detected detected = PoolerDetection.detect(url.hosts());
			if (detected != null) {
				mode = detected.mode();
				reason = detected.reason();
			}
		}
		if (cacheSize == null && mode == PoolerMode.TRANSACTION) {
			cacheSize = 0;
		}
		return new Pooling(mode, reason, cacheSize,
				sessionSettings.stream().map(SessionSetting::source).distinct().toList());
	}

	/**
	 * Refuses a session setting a transaction pooler would refuse or silently drop when
	 * it is sent with the startup packet, naming the fix a pooler user applies.
	 */
	private InvalidDatabridgePropertyException refusedBehindTransactionPooler(SessionSetting setting, Pooling pooling,
			String username, String database) {
		String recognised = (pooling.reason() != null) ? " (recognised: " + pooling.reason() + ")" : "";
		return new InvalidDatabridgePropertyException(setting.source(), setting.value(),
				property("pooler") + " is transaction" + recognised
						+ ": the pooler runs each transaction on any of its server connections and does not pass on "
						+ "settings sent when a connection opens, so " + setting.name()
						+ " would not apply (PgBouncer refuses such a connection, or drops the setting when it is in "
						+ "ignore_startup_parameters).",
				"Set it on the database role instead, where every server connection takes it: ALTER ROLE " + username
						+ " IN DATABASE " + database + " SET " + setting.name() + " = " + setting.serverValue()
						+ "; then remove " + setting.source() + ". If the pooler runs in session mode, set "
						+ property("pooler") + "=session.");
	}

	private DatabaseUrl parse(String url) {
		if (!StringUtils.hasText(url)) {
			throw new InvalidDatabridgePropertyException(property("url"), null, "No database URL is configured.",
					DatabridgeSettingsResolver.PRIMARY_PREFIX.equals(this.prefix)
							? NoConnectionFactoryFailureAnalyzer.ACTION
							: "Set " + property("url")
									+ " to the database's URL, for example postgresql://user:password@"
									+ "localhost:5432/reports, or remove the " + this.prefix + " entries.");
		}
		try {
			return DatabaseUrlParser.parse(url);
		}
		catch (InvalidDatabaseUrlException ex) {
			throw new InvalidDatabridgePropertyException(property("url"), ex.getMaskedUrl(), ex.getReason(),
					ex.getAction(), ex);
		}
	}

	private void checkUnixSocket(DatabaseUrl url) {
		if (url.unixSocket() != null && !ClassUtils.isPresent(EPOLL_CLASS, getClass().getClassLoader())) {
			throw new InvalidDatabridgePropertyException(property("url"), url.maskedUrl(),
					"The URL points at the Unix-domain socket " + url.unixSocket()
							+ ", which needs Netty's native epoll transport, and it is not on the classpath.",
					"Add io.netty:netty-transport-native-epoll with the classifier of your platform "
							+ "(for example linux-x86_64), or connect over TCP: postgresql://localhost:5432/database");
		}
	}

	private SslSettings ssl(DatabaseUrl url) {
		DatabaseProperties.Ssl ssl = this.properties.getSsl();
		String bundle = ssl.getBundle();
		SslMode mode = firstNonNull(ssl.getMode(), url.sslMode(),
				(bundle != null) ? SslMode.VERIFY_FULL : SslMode.PREFER);
		if (url.channelBinding() == ChannelBinding.REQUIRE && (mode == SslMode.DISABLE || mode == SslMode.ALLOW)) {
			throw new InvalidDatabridgePropertyException(property("ssl.mode"), mode.name().toLowerCase(),
					"The URL requires channel binding (channel_binding=require), which only works over TLS.",
					"Set " + property("ssl.mode")
							+ " to require, verify-ca or verify-full, or drop channel_binding=require.");
		}
		String rootCert = file(property("ssl.root-cert"), ssl.getRootCert(), url.sslRootCert(), "sslrootcert");
		String cert = file(property("ssl.cert"), ssl.getCert(), url.sslCert(), "sslcert");
		String key = file(property("ssl.key"), ssl.getKey(), url.sslKey(), "sslkey");
		if ((cert == null) != (key == null)) {
			throw new InvalidDatabridgePropertyException((cert != null) ? property("ssl.key") : property("ssl.cert"),
					null, "A client certificate needs both the certificate and its key.",
					"Set both " + property("ssl.cert") + " and " + property("ssl.key")
							+ " (or sslcert and sslkey in the URL).");
		}
		if (bundle != null) {
			checkNoFilesBesideBundle(bundle, rootCert, cert, key);
		}
		String keyPassword = (ssl.getKeyPassword() != null) ? ssl.getKeyPassword() : url.sslPassword();
		ChannelBinding channelBinding = firstNonNull(url.channelBinding(), ChannelBinding.PREFER);
		return new SslSettings(mode, rootCert, cert, key, keyPassword, channelBinding, bundle);
	}

	private void checkNoFilesBesideBundle(String bundle, @Nullable String rootCert, @Nullable String cert,
			@Nullable String key) {
		if (bundle.isBlank()) {
			throw new InvalidDatabridgePropertyException(property("ssl.bundle"), bundle,
					"The SSL bundle name is blank.",
					"Set " + property("ssl.bundle") + " to the name of a bundle under spring.ssl.bundle.pem or "
							+ "spring.ssl.bundle.jks, or remove it.");
		}
		if (rootCert != null || cert != null || key != null) {
			throw new InvalidDatabridgePropertyException(property("ssl.bundle"), bundle,
					"The SSL bundle and PEM files (" + property("ssl.root-cert")
							+ ", cert, key, or sslrootcert, sslcert, "
							+ "sslkey in the URL) both give TLS material, and only one can be used.",
					"Put the certificates into the bundle and remove the PEM files, or remove " + property("ssl.bundle")
							+ ".");
		}
	}

	private @Nullable String file(String property, @Nullable File configured, @Nullable String fromUrl,
			String urlParameter) {
		if (configured == null && fromUrl == null) {
			return null;
		}
		String path = (configured != null) ? configured.getPath() : fromUrl;
		if (!new File(path).isFile()) {
			String source = (configured != null) ? property : property("url") + " (parameter " + urlParameter + ")";
			throw new InvalidDatabridgePropertyException(source, path,
					"The file does not exist or is not a regular file.",
					"Point " + source + " at an existing PEM file, or remove it.");
		}
		return path;
	}

	private String applicationName(DatabaseUrl url) {
		return firstNonNull(this.properties.getApplicationName(), url.applicationName(), this.applicationName,
				this.poolName);
	}

	private Duration connectTimeout(DatabaseUrl url) {
		Duration timeout = firstNonNull(this.properties.getConnectTimeout(), url.connectTimeout(),
				DEFAULT_CONNECT_TIMEOUT);
		PropertyChecks.requirePositive(property("connect-timeout"), timeout, "10s");
		return timeout;
	}

	private @Nullable Duration statementTimeout(DatabaseUrl url) {
		Duration timeout = firstNonNull(this.properties.getStatementTimeout(), url.statementTimeout());
		if (timeout != null) {
			PropertyChecks.requirePositive(property("statement-timeout"), timeout,
					"30s, or remove it to keep the server default");
		}
		return timeout;
	}

	private Map<String, String> options(DatabaseUrl url) {
		Map<String, String> options = new LinkedHashMap<>(url.options());
		this.properties.getOptions().forEach((key, value) -> {
			if (!StringUtils.hasText(key)) {
				throw new InvalidDatabridgePropertyException(property("options"), key, "A server setting has no name.",
						"Name each setting, for example " + property("options.work_mem") + "=64MB");
			}
			options.put(key, value);
		});
		return Map.copyOf(options);
	}

	/**
	 * A setting sent when a connection opens.
	 *
	 * @param source where it was configured: a property, or the URL
	 * @param name the server setting it becomes
	 * @param serverValue its value as {@code ALTER ROLE ... SET} writes it
	 * @param value the configured value, for the failure report
	 */
	private record SessionSetting(String source, String name, String serverValue, Object value) {

	}

	private String property(String key) {
		return this.prefix + "." + key;
	}

	@SafeVarargs
	private static <T> @Nullable T firstNonNull(@Nullable T... candidates) {
		for (T candidate : candidates) {
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

}
