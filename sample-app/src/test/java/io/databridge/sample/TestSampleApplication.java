package io.databridge.sample;

import java.math.BigDecimal;
import java.time.Duration;

import io.databridge.sample.account.NewAccount;
import io.databridge.sample.importing.AccountImportService;
import io.databridge.sample.importing.ImportMethod;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Runs the sample for local development, with {@code ./mvnw -pl sample-app -am
 * spring-boot:test-run}: the application as it ships, plus demo accounts imported at
 * startup into an empty database, so that the listing and transfers have something to
 * show.
 *
 * @author Databridge team
 */
public class TestSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(SampleApplication::main).with(DemoAccounts.class).run(args);
	}

	/**
	 * Imports {@value #COUNT} demo accounts when there are none.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class DemoAccounts {

		static final int COUNT = 10_000;

		private static final Log logger = LogFactory.getLog(DemoAccounts.class);

		@Bean
		ApplicationRunner demoAccounts(DatabaseClient client, AccountImportService imports) {
			return (arguments) -> {
				Long existing = client.sql("SELECT count(*) FROM account")
					.map((row) -> row.get(0, Long.class))
					.one()
					.block(Duration.ofSeconds(30));
				if (existing != null && existing == 0) {
					Flux<NewAccount> accounts = Flux.range(1, COUNT)
						.map((i) -> new NewAccount("Demo " + i, "demo-" + i + "@example.com",
								BigDecimal.valueOf(i % 100_000, 2)));
					long imported = imports.importAccounts(accounts, ImportMethod.COPY)
						.block(Duration.ofSeconds(60))
						.imported();
					logger.info("Imported " + imported + " demo accounts (demo-1@example.com to demo-" + COUNT
							+ "@example.com)");
				}
			};
		}

	}

}
