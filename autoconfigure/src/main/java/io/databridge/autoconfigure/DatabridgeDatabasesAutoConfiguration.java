package io.databridge.autoconfigure;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import reactor.pool.InstrumentedPool;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the databases under {@code databridge.databases}: one pool per
 * name, with its own {@link org.springframework.r2dbc.core.DatabaseClient}, transaction
 * manager and, with Spring Data R2DBC, entity template, each a bean qualified by the name
 * (see {@link NamedDatabasesRegistrar}). The primary database, {@code databridge.*}, is
 * configured by {@link DatabridgeAutoConfiguration} and stays the one injected without a
 * qualifier.
 *
 * @author Databridge team
 */
@AutoConfiguration(after = DatabridgeAutoConfiguration.class)
@ConditionalOnClass({ ConnectionFactory.class, PostgresqlConnectionFactory.class, InstrumentedPool.class })
@EnableConfigurationProperties(DatabridgeProperties.class)
@Import(NamedDatabasesRegistrar.class)
public final class DatabridgeDatabasesAutoConfiguration {

}
