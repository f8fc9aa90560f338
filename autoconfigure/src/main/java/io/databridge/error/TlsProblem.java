package io.databridge.error;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Why a connection failed over TLS, or for want of it, told apart so that a failure
 * report can say which certificate check failed rather than only that TLS did. The JDK's
 * and the driver's own messages are the only signs for some of these, so they are read
 * here and nowhere else.
 *
 * @author Databridge team
 */
public enum TlsProblem {

	/**
	 * The server's certificate is not signed by a trusted certificate authority.
	 */
	UNTRUSTED_CERTIFICATE,

	/**
	 * The server's certificate does not name the host connected to ({@code verify-full}).
	 */
	HOST_NOT_NAMED,

	/**
	 * The server does not offer TLS, and the TLS mode requires it.
	 */
	NOT_OFFERED,

	/**
	 * The server accepts the user only over TLS, and the connection did not use it.
	 */
	REQUIRED_BY_SERVER,

	/**
	 * Channel binding is required, and the connection is not encrypted.
	 */
	CHANNEL_BINDING_WITHOUT_TLS;

	private static final Pattern VERIFIED_HOST = Pattern.compile("The hostname '([^'/]*)");

	/**
	 * Finds the TLS problem in the given failure or its causes.
	 * @param failure the failure
	 * @return the problem, or {@code null} when the failure is not about TLS or not one
	 * of these
	 */
	public static @Nullable TlsProblem of(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			TlsProblem problem = ofException(candidate);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	/**
	 * Returns the host name the driver could not find in the server's certificate.
	 * @param failure the failure
	 * @return the host name, or {@code null} when the failure does not say
	 */
	public static @Nullable String unverifiedHost(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			Matcher matcher = VERIFIED_HOST.matcher(String.valueOf(candidate.getMessage()));
			if (matcher.find() && !matcher.group(1).isEmpty()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	private static @Nullable TlsProblem ofException(Throwable candidate) {
		String message = String.valueOf(candidate.getMessage());
		if (candidate instanceof CertPathBuilderException || candidate instanceof CertPathValidatorException
				|| message.contains("unable to find valid certification path")) {
			return UNTRUSTED_CERTIFICATE;
		}
		if (candidate instanceof CertificateException
				&& (message.contains("No subject alternative") || message.contains("No name matching"))) {
			return HOST_NOT_NAMED;
		}
		if (message.contains("could not be verified") && message.startsWith("The hostname")) {
			return HOST_NOT_NAMED;
		}
		if (message.contains("Server support for SSL connection is disabled")) {
			return NOT_OFFERED;
		}
		if (message.contains("Server requires SSL handshake")
				|| (message.contains("no pg_hba.conf entry") && message.contains("no encryption"))) {
			return REQUIRED_BY_SERVER;
		}
		if (message.contains("Channel binding is required") && message.contains("not using SSL")) {
			return CHANNEL_BINDING_WITHOUT_TLS;
		}
		return null;
	}

}
