package io.databridge.error;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TlsProblem}, on failures shaped as the JDK and r2dbc-postgresql raise
 * them; {@code TlsModesIntegrationTests} meets each against a real server.
 *
 * @author Databridge team
 */
class TlsProblemTests {

	@Test
	void certificateFromAnUnknownAuthorityIsUntrusted() {
		SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
		handshake
			.initCause(new CertPathBuilderException("unable to find valid certification path to requested target"));
		assertThat(TlsProblem.of(wrapped(handshake))).isEqualTo(TlsProblem.UNTRUSTED_CERTIFICATE);
	}

	@Test
	void hostTheDriverCouldNotVerifyIsNamed() {
		RuntimeException failure = wrapped(
				new R2dbcPermissionDeniedException("The hostname 'db.example.com/10.0.0.7' could not be verified."));
		assertThat(TlsProblem.of(failure)).isEqualTo(TlsProblem.HOST_NOT_NAMED);
		assertThat(TlsProblem.unverifiedHost(failure)).isEqualTo("db.example.com");
	}

	@Test
	void certificateWithoutTheHostInItsNamesIsAHostProblem() {
		assertThat(
				TlsProblem.of(wrapped(new CertificateException("No subject alternative DNS name matching db found"))))
			.isEqualTo(TlsProblem.HOST_NOT_NAMED);
	}

	@Test
	void serverWithoutTlsAndServerRequiringItAreToldApart() {
		assertThat(TlsProblem.of(new R2dbcPermissionDeniedException(
				"Server support for SSL connection is disabled, but client was configured with SSL mode REQUIRE")))
			.isEqualTo(TlsProblem.NOT_OFFERED);
		assertThat(TlsProblem.of(new R2dbcPermissionDeniedException(
				"no pg_hba.conf entry for host \"127.0.0.1\", user \"app\", database \"orders\", no encryption",
				"28000")))
			.isEqualTo(TlsProblem.REQUIRED_BY_SERVER);
	}

	@Test
	void channelBindingWithoutTlsIsItsOwnProblem() {
		assertThat(TlsProblem.of(new R2dbcPermissionDeniedException(
				"Channel binding is required (channelBinding=require) but the connection is not using SSL")))
			.isEqualTo(TlsProblem.CHANNEL_BINDING_WITHOUT_TLS);
	}

	@Test
	void failuresUnrelatedToTlsHaveNoTlsProblem() {
		assertThat(TlsProblem.of(new R2dbcPermissionDeniedException(
				"no pg_hba.conf entry for host \"127.0.0.1\", user \"app\", database \"orders\", SSL encryption",
				"28000")))
			.isNull();
		assertThat(TlsProblem.of(new R2dbcPermissionDeniedException("password authentication failed", "28P01")))
			.isNull();
		assertThat(TlsProblem.unverifiedHost(new IllegalStateException("no host here"))).isNull();
	}

	private static RuntimeException wrapped(Throwable cause) {
		return new R2dbcNonTransientResourceException("Cannot connect to localhost:5432", "08003", cause);
	}

}
