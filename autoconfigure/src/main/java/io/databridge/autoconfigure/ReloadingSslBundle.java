package io.databridge.autoconfigure;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The SSL bundle named by {@code databridge.ssl.bundle}, kept current: when Spring Boot
 * reloads the bundle (its files changed, with {@code reload-on-update}), connections
 * opened from then on use the new material; open connections keep theirs until they are
 * closed.
 *
 * @author Databridge team
 */
final class ReloadingSslBundle implements Supplier<SslBundle> {

	private static final Log logger = LogFactory.getLog(ReloadingSslBundle.class);

	private volatile SslBundle current;

	private ReloadingSslBundle(SslBundle current) {
		this.current = current;
	}

	/**
	 * Looks up the named bundle and follows its updates.
	 * @param name the bundle's name
	 * @param poolName the pool, named in log lines
	 * @param bundles Spring Boot's bundles, or {@code null} if there are none
	 * @return the bundle
	 * @throws InvalidDatabridgePropertyException if no bundle has that name
	 */
	static ReloadingSslBundle of(String name, String poolName, @Nullable SslBundles bundles) {
		if (bundles == null) {
			throw noSuchBundle(name, null);
		}
		ReloadingSslBundle bundle;
		try {
			bundle = new ReloadingSslBundle(bundles.getBundle(name));
		}
		catch (NoSuchSslBundleException ex) {
			throw noSuchBundle(name, ex);
		}
		bundles.addBundleUpdateHandler(name, (updated) -> {
			bundle.current = updated;
			logger.info("[" + poolName + "] SSL bundle '" + name + "' was reloaded; new connections use it");
		});
		return bundle;
	}

	private static InvalidDatabridgePropertyException noSuchBundle(String name,
			@Nullable NoSuchSslBundleException cause) {
		return new InvalidDatabridgePropertyException("databridge.ssl.bundle", name,
				"No SSL bundle named '" + name + "' is configured.", "Configure it under spring.ssl.bundle.pem." + name
						+ " or spring.ssl.bundle.jks." + name + ", or correct databridge.ssl.bundle.",
				cause);
	}

	@Override
	public SslBundle get() {
		return this.current;
	}

}
