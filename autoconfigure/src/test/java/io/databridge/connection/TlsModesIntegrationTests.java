package io.databridge.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.databridge.test.ConnectionFactoryApplication;
import io.databridge.test.RestartablePostgres;
import io.databridge.test.TestCertificates;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Each TLS mode against real PostgreSQL servers with TLS on, held to libpq's rules:
 * {@code verify-full} checks the authority and the host name, {@code verify-ca} only the
 * authority, {@code require} encrypts without checking either, {@code prefer} encrypts
 * where the server offers TLS, and {@code disable} never does. The certificates are made
 * for this test: an authority, a server certificate for {@code localhost}, one for
 * another host, one from an authority nobody trusts, and client certificates.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsModesIntegrationTests {

	private static final String PASSWORD = "Tls-Pa55word";

	private static final String KEY_PASSWORD = "K3y-Pa55word";

	private static final String CERT_USER = "cert_user";

	@TempDir
	static Path certificates;

	private static TestCertificates authority;

	private static RestartablePostgres localhostServer;

	private static RestartablePostgres otherHostServer;

	private static RestartablePostgres unknownAuthorityServer;

	private static RestartablePostgres plainServer;

	private static String user;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeAll
	static void startServers() {
		authority = TestCertificates.authority(certificates, "databridge-test-ca");
		TestCertificates stranger = TestCertificates.authority(certificates, "unknown-ca");
		localhostServer = tlsServer(authority.issueServer("localhost", "localhost"));
		otherHostServer = tlsServer(authority.issueServer("other-host", "db.other.example"));
		unknownAuthorityServer = tlsServer(stranger.issueServer("stranger", "localhost"));
		plainServer = RestartablePostgres.start(Map.of());
		user = "tls_user";
		for (RestartablePostgres server : List.of(localhostServer, otherHostServer, unknownAuthorityServer,
				plainServer)) {
			server.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'");
		}
		localhostServer.execute("CREATE ROLE " + CERT_USER + " LOGIN");
	}

	private static RestartablePostgres tlsServer(TestCertificates.Issued certificate) {
		return RestartablePostgres.start(
				Map.of("ssl", "on", "ssl_cert_file", certificate.certificate().toString(), "ssl_key_file",
						certificate.key().toString(), "ssl_ca_file", authority.certificateFile().toString()),
				List.of("host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
						"hostssl all " + CERT_USER + " 127.0.0.1/32 cert", "hostssl all " + CERT_USER + " ::1/128 cert",
						"hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256"));
	}

	@AfterAll
	static void stopServers() {
		for (RestartablePostgres server : new RestartablePostgres[] { localhostServer, otherHostServer,
				unknownAuthorityServer, plainServer }) {
			if (server != null) {
				server.close();
			}
		}
	}

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void verifyFullConnectsToAServerWhoseCertificateNamesItsHost() {
		ConnectionFactory pool = start(url(localhostServer, "localhost", "verify-full"),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(encrypted(pool)).isTrue();
	}

	@Test
	void verifyFullRefusesACertificateForAnotherHostAndSaysSo(CapturedOutput output) {
		failToStart(url(otherHostServer, "localhost", "verify-full"),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Error: tls")
			.contains("does not name the host localhost")
			.doesNotContain("Server said")
			.doesNotContain(PASSWORD);
	}

	@Test
	void verifyFullRefusesACertificateFromAnUnknownAuthorityAndSaysSo(CapturedOutput output) {
		failToStart(url(unknownAuthorityServer, "localhost", "verify-full"),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Error: tls")
			.contains("not signed by an authority in databridge.ssl.root-cert")
			.doesNotContain(PASSWORD);
	}

	@Test
	void verifyCaAcceptsACertificateForAnotherHostGivenByName() {
		ConnectionFactory pool = start(url(otherHostServer, "localhost", "verify-ca"),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(encrypted(pool)).isTrue();
	}

	@Test
	void verifyCaAcceptsACertificateForAnotherHostGivenByAddress() {
		ConnectionFactory pool = start(url(otherHostServer, "127.0.0.1", "verify-ca"),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(encrypted(pool)).isTrue();
	}

	@Test
	void verifyCaRefusesACertificateFromAnUnknownAuthority(CapturedOutput output) {
		failToStart(url(unknownAuthorityServer, "127.0.0.1", "verify-ca"),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("not signed by an authority in databridge.ssl.root-cert");
	}

	@Test
	void requireEncryptsEveryPooledConnectionWithoutVerifyingTheCertificate() {
		ConnectionFactory pool = start(url(unknownAuthorityServer, "localhost", "require"), "--databridge.pool.size=3");
		assertThat(encrypted(pool)).isTrue();
		assertThat(unknownAuthorityServer
			.queryLong("SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = '"
					+ user + "' AND s.ssl"))
			.isEqualTo(3);
		assertThat(unknownAuthorityServer
			.queryLong("SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = '"
					+ user + "' AND NOT s.ssl"))
			.isZero();
	}

	@Test
	void preferEncryptsAgainstATlsServer() {
		ConnectionFactory pool = start(url(unknownAuthorityServer, "localhost", "prefer"));
		assertThat(encrypted(pool)).isTrue();
	}

	@Test
	void preferConnectsInClearToAServerWithoutTls() {
		ConnectionFactory pool = start(url(plainServer, "localhost", "prefer"));
		assertThat(encrypted(pool)).isFalse();
	}

	@Test
	void disableAgainstAServerThatOnlyAcceptsTlsFailsWithAClearAnalysis(CapturedOutput output) {
		failToStart(url(localhostServer, "127.0.0.1", "disable"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("no encryption")
			.contains("28000")
			.contains("accepts this user only over TLS")
			.doesNotContain(PASSWORD);
	}

	@Test
	void clientCertificateLogsInWithoutAPassword() {
		TestCertificates.Issued client = authority.issueClient("client", CERT_USER, null);
		ConnectionFactory pool = start(
				"--databridge.url=postgresql://" + CERT_USER + "@localhost:" + localhostServer.port()
						+ "/postgres?sslmode=verify-full",
				"--databridge.ssl.root-cert=" + authority.certificateFile(),
				"--databridge.ssl.cert=" + client.certificate(), "--databridge.ssl.key=" + client.key());
		assertThat(currentUser(pool)).isEqualTo(CERT_USER);
	}

	@Test
	void clientCertificateWithAnEncryptedKeyLogsInWithTheKeyPassword() throws Exception {
		TestCertificates.Issued client = authority.issueClient("client-encrypted", CERT_USER, KEY_PASSWORD);
		assertThat(Files.readString(client.key())).contains("ENCRYPTED PRIVATE KEY");
		ConnectionFactory pool = start(
				"--databridge.url=postgresql://" + CERT_USER + "@localhost:" + localhostServer.port()
						+ "/postgres?sslmode=verify-full",
				"--databridge.ssl.root-cert=" + authority.certificateFile(),
				"--databridge.ssl.cert=" + client.certificate(), "--databridge.ssl.key=" + client.key(),
				"--databridge.ssl.key-password=" + KEY_PASSWORD);
		assertThat(currentUser(pool)).isEqualTo(CERT_USER);
	}

	@Test
	void channelBindingRequiredOverTlsLogsInWithScramPlus() {
		ConnectionFactory pool = start(url(localhostServer, "localhost", "verify-full") + "&channel_binding=require",
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(encrypted(pool)).isTrue();
	}

	@Test
	void channelBindingRequiredAgainstAServerWithoutTlsIsRefused(CapturedOutput output) {
		failToStart(url(plainServer, "localhost", "prefer") + "&channel_binding=require");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Channel binding refused")
			.contains("drop channel_binding=require")
			.doesNotContain(PASSWORD);
	}

	@Test
	void pemBundleSuppliesTheTrustedAuthorityAndTheModeDefaultsToVerifyFull(CapturedOutput output) {
		ConnectionFactory pool = start(urlWithoutMode(localhostServer, "localhost"), "--databridge.ssl.bundle=db",
				"--spring.ssl.bundle.pem.db.truststore.certificate=file:" + authority.certificateFile());
		assertThat(encrypted(pool)).isTrue();
		failToStart(urlWithoutMode(otherHostServer, "localhost"), "--databridge.ssl.bundle=db",
				"--spring.ssl.bundle.pem.db.truststore.certificate=file:" + authority.certificateFile());
		assertThat(output).contains("does not name the host localhost");
	}

	@Test
	void jksBundleSuppliesTheClientCertificate() {
		Path trustStore = authority.trustStore("trust.p12", "store-secret");
		Path keyStore = authority.issueClientKeyStore("client.p12", CERT_USER, "store-secret");
		ConnectionFactory pool = start(
				"--databridge.url=postgresql://" + CERT_USER + "@localhost:" + localhostServer.port() + "/postgres",
				"--databridge.ssl.bundle=client",
				"--spring.ssl.bundle.jks.client.truststore.location=file:" + trustStore,
				"--spring.ssl.bundle.jks.client.truststore.type=PKCS12",
				"--spring.ssl.bundle.jks.client.truststore.password=store-secret",
				"--spring.ssl.bundle.jks.client.keystore.location=file:" + keyStore,
				"--spring.ssl.bundle.jks.client.keystore.type=PKCS12",
				"--spring.ssl.bundle.jks.client.keystore.password=store-secret");
		assertThat(currentUser(pool)).isEqualTo(CERT_USER);
	}

	@Test
	void connectionsOpenedAfterTheBundleIsReloadedUseItsNewMaterial() throws Exception {
		Path trusted = certificates.resolve("reloaded-ca.crt");
		Files.copy(certificates.resolve("unknown-ca.crt"), trusted);
		ConnectionFactory pool = start(urlWithoutMode(localhostServer, "localhost"), "--databridge.ssl.bundle=db",
				"--databridge.startup.mode=lazy", "--databridge.pool.acquire-timeout=1s",
				"--spring.ssl.bundle.pem.db.reload-on-update=true", "--spring.ssl.bundle.watch.file.quiet-period=100ms",
				"--spring.ssl.bundle.pem.db.truststore.certificate=file:" + trusted);
		assertThatException().isThrownBy(() -> encrypted(pool));
		Files.copy(authority.certificateFile(), trusted, StandardCopyOption.REPLACE_EXISTING);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> encrypted(pool));
	}

	@Test
	void bundleThatDoesNotExistIsReportedByName(CapturedOutput output) {
		failToStart(urlWithoutMode(localhostServer, "localhost"), "--databridge.ssl.bundle=nope");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("databridge.ssl.bundle")
			.contains("No SSL bundle named 'nope' is configured")
			.contains("spring.ssl.bundle.pem.nope");
	}

	@Test
	void bundleBesidePemFilesIsRefused(CapturedOutput output) {
		failToStart(urlWithoutMode(localhostServer, "localhost"), "--databridge.ssl.bundle=db",
				"--spring.ssl.bundle.pem.db.truststore.certificate=file:" + authority.certificateFile(),
				"--databridge.ssl.root-cert=" + authority.certificateFile());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("databridge.ssl.bundle")
			.contains("only one can be used");
	}

	private static String urlWithoutMode(RestartablePostgres server, String host) {
		return "--databridge.url=postgresql://" + user + ":" + PASSWORD + "@" + host + ":" + server.port()
				+ "/postgres";
	}

	private static String url(RestartablePostgres server, String host, String sslMode) {
		return "--databridge.url=postgresql://" + user + ":" + PASSWORD + "@" + host + ":" + server.port()
				+ "/postgres?sslmode=" + sslMode;
	}

	private ConnectionFactory start(String... args) {
		ConfigurableApplicationContext context = application().run(args);
		this.contexts.add(context);
		return context.getBean(ConnectionFactory.class);
	}

	private static void failToStart(String... args) {
		assertThatException().isThrownBy(() -> application().run(args).close());
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(ConnectionFactoryApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.liquibase.enabled", "false", "spring.flyway.enabled", "false"));
		return application;
	}

	private static boolean encrypted(ConnectionFactory pool) {
		return query(pool, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()").equals("true");
	}

	private static String currentUser(ConnectionFactory pool) {
		return query(pool, "SELECT current_user::text");
	}

	private static String query(ConnectionFactory pool, String sql) {
		return Flux
			.usingWhen(Mono.from(pool.create()),
					(Connection connection) -> Flux.from(connection.createStatement(sql).execute())
						.flatMap((result) -> result.map((row) -> row.get(0, String.class))),
					Connection::close)
			.blockFirst();
	}

}
