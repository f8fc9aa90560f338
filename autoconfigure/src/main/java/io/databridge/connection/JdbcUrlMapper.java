package io.databridge.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.databridge.pooler.PoolerMode;
import io.databridge.url.HostAddress;
import io.databridge.url.SettingValue;
import io.databridge.url.ChannelBinding;
import io.databridge.url.SslMode;
import io.databridge.url.TargetSessionAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;

/**
 * Maps {@link ConnectionSettings} onto a pgjdbc URL ({@code jdbc:postgresql://}), for
 * tools that only speak JDBC, such as Flyway and Liquibase. The URL names the same hosts,
 * database, TLS mode and files, application name, connect timeout, schema, server
 * settings and target server type; it never carries the user, the password or the client
 * key's password, which travel separately. The statement timeout is left out, so
 * migrations are not cut short by a limit meant for the application's queries. Where
 * connections may go through a transaction pooler, the URL sets
 * {@code prepareThreshold=0} so that pgjdbc prepares only unnamed statements too.
 *
 * @author Databridge team
 */
public final class JdbcUrlMapper {

	/**
	 * pgjdbc's socket factory that trusts the JVM's trust store, as r2dbc-postgresql does
	 * when no root certificate is given; pgjdbc's own default reads
	 * {@code ~/.postgresql/root.crt} instead.
	 */
	static final String JVM_TRUST_STORE_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

	private JdbcUrlMapper() {
	}

	/**
	 * Returns the pgjdbc URL of the given settings.
	 * @param settings the connection settings; they must name TCP hosts
	 * @return the URL, without credentials
	 * @throws IllegalArgumentException if the settings name a Unix-domain socket, which
	 * pgjdbc cannot reach without a socket factory of its own
	 */
	public static String toJdbcUrl(ConnectionSettings settings) {
		if (settings.unixSocket() != null) {
			throw new IllegalArgumentException("pgjdbc cannot connect to the Unix-domain socket "
					+ settings.unixSocket() + " without a socket factory");
		}
		String hosts = settings.hosts().stream().map(HostAddress::toString).collect(Collectors.joining(","));
		StringJoiner query = new StringJoiner("&", "?", "");
		parameters(settings).forEach((name, value) -> query.add(name + "=" + encode(value)));
		return "jdbc:postgresql://" + hosts + "/" + encode(settings.database()) + query;
	}

	private static Map<String, String> parameters(ConnectionSettings settings) {
		Map<String, String> parameters = new LinkedHashMap<>();
		PropertyMapper map = PropertyMapper.get();
		ConnectionSettings.SslSettings ssl = settings.ssl();
		parameters.put("sslmode", sslMode(ssl.mode()));
		map.from(ssl.rootCert()).to((rootCert) -> parameters.put("sslrootcert", rootCert));
		if (ssl.rootCert() == null && ssl.mode().compareTo(SslMode.VERIFY_CA) >= 0) {
			parameters.put("sslfactory", JVM_TRUST_STORE_FACTORY);
		}
		map.from(ssl.cert()).to((cert) -> parameters.put("sslcert", cert));
		map.from(ssl.key()).to((key) -> parameters.put("sslkey", key));
		if (ssl.channelBinding() == ChannelBinding.REQUIRE) {
			parameters.put("channelBinding", "require");
		}
		parameters.put("ApplicationName", settings.applicationName());
		parameters.put("connectTimeout", Long.toString(wholeSeconds(settings.connectTimeout())));
		map.from(settings.schema()).to((schema) -> parameters.put("currentSchema", schema));
		String options = options(settings.options(), settings.endpointOption());
		if (!options.isEmpty()) {
			parameters.put("options", options);
		}
		if (mayShareServerConnections(settings.pooling())) {
			parameters.put("prepareThreshold", "0");
		}
		if (settings.hosts().size() > 1) {
			parameters.put("targetServerType", targetServerType(settings.targetSessionAttributes()));
		}
		return parameters;
	}

	/**
	 * Returns whether pgjdbc's connections may go through a transaction pooler: whenever
	 * the pool's connections prepare only unnamed statements, or nobody said the
	 * connection is direct or session-pooled (a migration runs too few statements to miss
	 * named ones).
	 * @param pooling the pool's pooling settings
	 * @return whether pgjdbc should prepare only unnamed statements
	 */
	private static boolean mayShareServerConnections(ConnectionSettings.Pooling pooling) {
		return pooling.unnamedStatements()
				|| (pooling.mode() != PoolerMode.NONE && pooling.mode() != PoolerMode.SESSION);
	}

	static String sslMode(SslMode mode) {
		return SettingValue.of(mode);
	}

	private static long wholeSeconds(Duration duration) {
		return (duration.toNanosPart() > 0) ? duration.toSeconds() + 1 : duration.toSeconds();
	}

	private static String options(Map<String, String> options, @Nullable String endpointOption) {
		Stream<String> settings = options.entrySet()
			.stream()
			.map((option) -> "-c " + escape(option.getKey()) + "=" + escape(option.getValue()));
		Stream<String> routing = (endpointOption != null) ? Stream.of(escape(endpointOption)) : Stream.empty();
		return Stream.concat(routing, settings).collect(Collectors.joining(" "));
	}

	private static String escape(String value) {
		return value.replace("\\", "\\\\").replace(" ", "\\ ");
	}

	static String targetServerType(TargetSessionAttributes attributes) {
		return switch (attributes) {
			case ANY -> "any";
			case READ_WRITE, PRIMARY -> "primary";
			case READ_ONLY, STANDBY -> "secondary";
			case PREFER_STANDBY -> "preferSecondary";
		};
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
