package io.databridge.autoconfigure;

import java.util.List;

import io.databridge.connection.ConnectionSettings;
import io.databridge.credentials.CachedPassword;
import io.databridge.credentials.PasswordRefreshingConnectionFactory;
import io.databridge.connection.PostgresqlConnectionConfigurationMapper;
import io.databridge.pool.PoolListener;
import io.databridge.pooler.PoolerAwareConnectionFactory;
import io.databridge.pooler.PoolerMode;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * The driver's {@link ConnectionFactory} for a pool: r2dbc-postgresql configured from
 * {@link ConnectionSettings} and the application's customizers, and, unless connections
 * already prepare only unnamed statements, a {@link PoolerAwareConnectionFactory} that
 * stops naming statements once a transaction pooler shows up. The probe for a pooler runs
 * only where nothing decided: {@code databridge.pooler=auto}, a URL that tells nothing,
 * and no statement cache size set by the user, whose choice it would override. With a
 * supplied password, the factory asks for a new one when the server refuses it
 * ({@link PasswordRefreshingConnectionFactory}).
 *
 * @param factory the factory the pool opens connections with
 * @param listener told of the pool's events, or {@code null} when none matter to the
 * factory
 * @author Databridge team
 */
record DriverConnectionFactory(ConnectionFactory factory, @Nullable PoolListener listener) {

	static DriverConnectionFactory create(ConnectionSettings settings, String poolName,
			List<PostgresqlConnectionConfigurationBuilderCustomizer> customizers, @Nullable SslBundles sslBundles,
			@Nullable CachedPassword suppliedPassword) {
		String bundleName = settings.ssl().bundle();
		ReloadingSslBundle bundle = (bundleName != null) ? ReloadingSslBundle.of(bundleName, poolName, sslBundles)
				: null;
		PostgresqlConnectionConfiguration.Builder driver = PostgresqlConnectionConfigurationMapper.toBuilder(settings,
				bundle);
		if (suppliedPassword != null) {
			driver.password(suppliedPassword.password());
		}
		customizers.forEach((customizer) -> customizer.customize(driver));
		PostgresqlConnectionFactory named = new PostgresqlConnectionFactory(driver.build());
		if (settings.pooling().unnamedStatements()) {
			return new DriverConnectionFactory(refreshing(named, suppliedPassword, poolName), null);
		}
		PostgresqlConnectionFactory unnamed = new PostgresqlConnectionFactory(
				driver.preparedStatementCacheQueries(0).build());
		boolean probe = settings.pooling().mode() == PoolerMode.AUTO && settings.pooling().statementCacheSize() == null;
		PoolerAwareConnectionFactory aware = new PoolerAwareConnectionFactory(poolName, probe, named, unnamed,
				settings.pooling().sessionSettings());
		return new DriverConnectionFactory(refreshing(aware, suppliedPassword, poolName), aware);
	}

	private static ConnectionFactory refreshing(ConnectionFactory factory, @Nullable CachedPassword suppliedPassword,
			String poolName) {
		return (suppliedPassword != null) ? new PasswordRefreshingConnectionFactory(factory, suppliedPassword, poolName)
				: factory;
	}

	/**
	 * Returns whether the pool's connections are known to prepare only unnamed statements
	 * because the probe found a transaction pooler.
	 * @return whether the probe switched to unnamed statements
	 */
	boolean isUnnamedOnly() {
		return this.listener instanceof PoolerAwareConnectionFactory aware && aware.isUnnamedOnly();
	}

}
