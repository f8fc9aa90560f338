package io.databridge.autoconfigure;

import java.util.Map;

import io.databridge.test.FreePort;
import io.databridge.test.RestartablePostgres;
import io.databridge.test.TcpProxy;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report a user sees when the database cannot be reached at startup, for each kind of
 * failure, from a real application start against a real server: which server, what went
 * wrong, the SQLSTATE, how many attempts, and what to change; never the password.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseStartupFailureReportIntegrationTests {

	private static final String PASSWORD = "Right-Pa55word";

	private static final String WRONG_PASSWORD = "Wr0ng-Pa55word";

	private static RestartablePostgres server;

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void wrongPasswordFailsAfterOneAttemptWithAnAuthenticationAnalysis(CapturedOutput output) throws Exception {
		String user = server.createUser(PASSWORD);
		try (TcpProxy proxy = TcpProxy.start(server.host(), server.port())) {
			StartupFailureReportIntegrationTests.start("--databridge.url=postgresql://" + user + ":" + WRONG_PASSWORD
					+ "@127.0.0.1:" + proxy.port() + "/postgres?sslmode=disable", "--databridge.pool.size=10");
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Server: " + user + "@127.0.0.1:" + proxy.port() + "/postgres")
				.contains("Problem: Authentication failed")
				.contains("Error: authentication-failed, SQLSTATE 28P01")
				.contains("Attempts: 1 in ")
				.contains("Check databridge.username and databridge.password")
				.doesNotContain(WRONG_PASSWORD)
				.doesNotContain(PASSWORD);
			assertThat(proxy.acceptedConnections()).isEqualTo(1);
			assertThat(server.countLogLines("password authentication failed for user \"" + user + "\"")).isEqualTo(1);
		}
	}

	@Test
	void wrongPasswordIsNotRetriedInWaitModeEither(CapturedOutput output) throws Exception {
		String user = server.createUser(PASSWORD);
		try (TcpProxy proxy = TcpProxy.start(server.host(), server.port())) {
			StartupFailureReportIntegrationTests.start(
					"--databridge.url=postgresql://" + user + ":" + WRONG_PASSWORD + "@127.0.0.1:" + proxy.port()
							+ "/postgres?sslmode=disable",
					"--databridge.startup.mode=wait", "--databridge.startup.timeout=30s");
			assertThat(output).contains("Problem: Authentication failed")
				.contains("Attempts: 1 in ")
				.contains("databridge.startup.mode=wait");
			assertThat(proxy.acceptedConnections()).isEqualTo(1);
			assertThat(server.countLogLines("password authentication failed for user \"" + user + "\"")).isEqualTo(1);
		}
	}

	@Test
	void unreachableHostIsReportedWithTheWayToStartWithoutTheDatabase(CapturedOutput output) {
		int port = FreePort.find();
		StartupFailureReportIntegrationTests
			.start("--databridge.url=postgresql://app:" + PASSWORD + "@127.0.0.1:" + port + "/orders?sslmode=disable");
		assertThat(output).contains("Server: app@127.0.0.1:" + port + "/orders")
			.contains("Problem: Host unreachable")
			.contains("Error: connection-refused")
			.contains("Attempts: 1 in ")
			.contains("set databridge.startup.mode=wait")
			.doesNotContain(PASSWORD);
	}

	@Test
	void missingDatabaseIsReportedWithItsSqlState(CapturedOutput output) {
		TestDatabase database = TestDatabase.get();
		String adminUrl = database.adminUrl();
		String url = adminUrl.substring(0, adminUrl.lastIndexOf('/')) + "/no_such_database";
		StartupFailureReportIntegrationTests.start("--databridge.url=" + url);
		assertThat(output).contains("/no_such_database")
			.contains("Problem: Database missing")
			.contains("Error: database-missing, SQLSTATE 3D000")
			.contains("Create the database");
	}

	@Test
	void tlsRequiredByTheClientButNotOfferedByTheServerIsReportedAsTls(CapturedOutput output) {
		StartupFailureReportIntegrationTests
			.start("--databridge.url=postgresql://postgres@localhost:" + server.port() + "/postgres?sslmode=require");
		assertThat(output).contains("Problem: TLS refused: the server does not offer TLS")
			.contains("Error: tls")
			.contains("Turn TLS on in the server (ssl = on), or, on a network you trust, use sslmode=prefer")
			.doesNotContain("Server said");
	}

}
