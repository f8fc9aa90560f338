package io.databridge.autoconfigure;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.transaction.CancellationSafeTransactionManager;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;

/**
 * {@link AutoConfiguration Auto-configuration} of a
 * {@link CancellationSafeTransactionManager} over the Databridge pool, in place of the
 * plain {@link R2dbcTransactionManager} Spring Boot would configure, so that a
 * {@code @Transactional} method or {@code TransactionalOperator} cancelled while its
 * transaction begins gives its connection back.
 *
 * @author Databridge team
 */
@AutoConfiguration(after = DatabridgeAutoConfiguration.class,
		beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration")
@ConditionalOnClass({ R2dbcTransactionManager.class, ReactiveTransactionManager.class })
@ConditionalOnBean(DatabridgeConnectionPool.class)
@ConditionalOnSingleCandidate(ConnectionFactory.class)
public final class DatabridgeTransactionManagerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveTransactionManager.class)
	CancellationSafeTransactionManager connectionFactoryTransactionManager(ConnectionFactory connectionFactory) {
		return new CancellationSafeTransactionManager(connectionFactory);
	}

}
