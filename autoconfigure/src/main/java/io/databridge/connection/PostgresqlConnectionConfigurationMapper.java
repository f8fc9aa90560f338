package io.databridge.connection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.databridge.url.ChannelBinding;
import io.databridge.url.HostAddress;
import io.databridge.url.SslMode;
import io.databridge.url.TargetSessionAttributes;
import io.r2dbc.postgresql.MultiHostConnectionStrategy.TargetServerType;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.client.ChannelBindingMode;
import io.r2dbc.postgresql.client.SSLMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundle;

/**
 * Maps {@link ConnectionSettings} onto the r2dbc-postgresql driver's
 * {@link PostgresqlConnectionConfiguration.Builder}.
 *
 * @author Databridge team
 */
public final class PostgresqlConnectionConfigurationMapper {

	private PostgresqlConnectionConfigurationMapper() {
	}

	/**
	 * Creates a driver configuration builder holding the given settings.
	 * @param settings the connection settings
	 * @return a builder that can be customized further before it is built
	 */
	public static PostgresqlConnectionConfiguration.Builder toBuilder(ConnectionSettings settings) {
		return toBuilder(settings, null);
	}

	/**
	 * Creates a driver configuration builder holding the given settings, taking TLS
	 * material from the given SSL bundle.
	 * @param settings the connection settings
	 * @param sslBundle supplies the current SSL bundle named in the settings, or
	 * {@code null} when they name none
	 * @return a builder that can be customized further before it is built
	 */
	public static PostgresqlConnectionConfiguration.Builder toBuilder(ConnectionSettings settings,
			@Nullable Supplier<SslBundle> sslBundle) {
		PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder();
		PropertyMapper map = PropertyMapper.get();
		mapAddress(settings, builder);
		map.from(settings.database()).to(builder::database);
		map.from(settings.username()).to(builder::username);
		map.from(settings.password()).to(builder::password);
		map.from(settings.applicationName()).to(builder::applicationName);
		map.from(settings.connectTimeout()).to(builder::connectTimeout);
		map.from(settings.statementTimeout()).to(builder::statementTimeout);
		map.from(settings.schema()).to(builder::schema);
		map.from(startupOptions(settings)).when((options) -> !options.isEmpty()).to(builder::options);
		map.from(settings.pooling().statementCacheSize()).to(builder::preparedStatementCacheQueries);
		mapSsl(settings.ssl(), sslBundle, builder);
		return builder;
	}

	private static Map<String, String> startupOptions(ConnectionSettings settings) {
		String endpoint = settings.endpointOption();
		if (endpoint == null) {
			return settings.options();
		}
		Map<String, String> options = new LinkedHashMap<>(settings.options());
		options.put("options", endpoint);
		return options;
	}

	private static void mapAddress(ConnectionSettings settings, PostgresqlConnectionConfiguration.Builder builder) {
		if (settings.unixSocket() != null) {
			builder.socket(settings.unixSocket());
			return;
		}
		if (settings.hosts().size() == 1) {
			HostAddress address = settings.hosts().get(0);
			builder.host(address.host()).port(address.port());
			return;
		}
		settings.hosts().forEach((address) -> builder.addHost(address.host(), address.port()));
		builder.targetServerType(targetServerType(settings.targetSessionAttributes()));
	}

	private static void mapSsl(ConnectionSettings.SslSettings ssl, @Nullable Supplier<SslBundle> sslBundle,
			PostgresqlConnectionConfiguration.Builder builder) {
		PropertyMapper map = PropertyMapper.get();
		builder.sslMode(sslMode(ssl.mode()));
		builder.channelBinding(channelBinding(ssl.channelBinding()));
		builder.sslContextBuilderCustomizer(new SslContextCustomizer(ssl.mode(), sslBundle));
		map.from(ssl.rootCert()).to(builder::sslRootCert);
		map.from(ssl.cert()).to(builder::sslCert);
		map.from(ssl.key()).to(builder::sslKey);
		map.from(ssl.keyPassword()).to(builder::sslPassword);
	}

	static SSLMode sslMode(SslMode mode) {
		return switch (mode) {
			case DISABLE -> SSLMode.DISABLE;
			case ALLOW -> SSLMode.ALLOW;
			case PREFER -> SSLMode.PREFER;
			case REQUIRE -> SSLMode.REQUIRE;
			case VERIFY_CA -> SSLMode.VERIFY_CA;
			case VERIFY_FULL -> SSLMode.VERIFY_FULL;
		};
	}

	static ChannelBindingMode channelBinding(ChannelBinding binding) {
		return switch (binding) {
			case DISABLE -> ChannelBindingMode.DISABLE;
			case PREFER -> ChannelBindingMode.PREFER;
			case REQUIRE -> ChannelBindingMode.REQUIRE;
		};
	}

	static TargetServerType targetServerType(TargetSessionAttributes attributes) {
		return switch (attributes) {
			case ANY -> TargetServerType.ANY;
			case READ_WRITE, PRIMARY -> TargetServerType.PRIMARY;
			case READ_ONLY, STANDBY -> TargetServerType.SECONDARY;
			case PREFER_STANDBY -> TargetServerType.PREFER_SECONDARY;
		};
	}

}
