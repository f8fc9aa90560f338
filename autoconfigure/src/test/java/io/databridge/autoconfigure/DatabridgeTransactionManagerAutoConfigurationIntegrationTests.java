package io.databridge.autoconfigure;

import io.databridge.test.TestDatabase;
import io.databridge.transaction.CancellationSafeTransactionManager;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabridgeTransactionManagerAutoConfiguration}.
 *
 * @author Databridge team
 */
class DatabridgeTransactionManagerAutoConfigurationIntegrationTests {

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeTransactionManagerAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false");

	@Test
	void databridgePoolGetsTheCancellationSafeTransactionManager() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveTransactionManager.class)
				.hasSingleBean(TransactionalOperator.class);
			assertThat(context.getBean(ReactiveTransactionManager.class))
				.isExactlyInstanceOf(CancellationSafeTransactionManager.class);
		});
	}

	@Test
	void transactionManagerOfTheApplicationIsKept() {
		this.contextRunner.withUserConfiguration(UserTransactionManagerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveTransactionManager.class);
			assertThat(context.getBean(ReactiveTransactionManager.class))
				.isSameAs(context.getBean(UserTransactionManagerConfiguration.class).manager);
		});
	}

	@Test
	void connectionFactoryOfTheApplicationGetsSpringBootsTransactionManager() {
		this.contextRunner.withUserConfiguration(UserConnectionFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveTransactionManager.class);
			assertThat(context.getBean(ReactiveTransactionManager.class))
				.isExactlyInstanceOf(R2dbcTransactionManager.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransactionManagerConfiguration {

		final R2dbcTransactionManager manager = new R2dbcTransactionManager();

		@Bean
		R2dbcTransactionManager userTransactionManager(ConnectionFactory connectionFactory) {
			this.manager.setConnectionFactory(connectionFactory);
			return this.manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionFactoryConfiguration {

		@Bean
		ConnectionFactory userConnectionFactory() {
			return ConnectionFactories.get("r2dbc:postgresql://app@localhost:1/none");
		}

	}

}
