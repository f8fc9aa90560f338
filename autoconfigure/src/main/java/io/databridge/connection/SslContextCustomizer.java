package io.databridge.connection;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.databridge.url.SslMode;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Completes the TLS context of each new connection, which r2dbc-postgresql builds once
 * per connection from its builder:
 * <ul>
 * <li>Netty 4.2 checks the server's host name in every client handshake, although libpq's
 * {@code verify-ca} does not, and it cannot check a host given as an address; that check
 * is switched off, and for {@code verify-full} the driver checks the host name
 * itself.</li>
 * <li>With a Spring Boot SSL bundle, its trust material is used to verify the server
 * ({@code verify-ca} and {@code verify-full}; weaker modes verify nothing, as in libpq),
 * its key material to present a client certificate, and its protocols and ciphers. The
 * bundle is read for every connection, so connections opened after Spring Boot reloads it
 * use the new material.</li>
 * </ul>
 *
 * @author Databridge team
 */
final class SslContextCustomizer implements Function<SslContextBuilder, SslContextBuilder> {

	private final boolean verify;

	private final @Nullable Supplier<SslBundle> bundle;

	SslContextCustomizer(SslMode mode, @Nullable Supplier<SslBundle> bundle) {
		this.verify = mode.compareTo(SslMode.VERIFY_CA) >= 0;
		this.bundle = bundle;
	}

	@Override
	public SslContextBuilder apply(SslContextBuilder builder) {
		builder.endpointIdentificationAlgorithm(null);
		if (this.bundle != null) {
			applyBundle(builder, this.bundle.get());
		}
		return builder;
	}

	private void applyBundle(SslContextBuilder builder, SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		if (this.verify && bundle.getStores().getTrustStore() != null) {
			builder.trustManager(managers.getTrustManagerFactory());
		}
		if (bundle.getStores().getKeyStore() != null) {
			builder.keyManager(managers.getKeyManagerFactory());
		}
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(List.of(options.getCiphers()));
		}
	}

}
