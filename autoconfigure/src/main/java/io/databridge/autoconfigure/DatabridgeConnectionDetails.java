package io.databridge.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where Databridge connects and as whom. Implemented from {@code databridge.*} properties
 * by default; a bean of this type (from a container or a test, say) takes their place,
 * while the other {@code databridge.*} settings still apply.
 *
 * @author Databridge team
 */
public interface DatabridgeConnectionDetails extends ConnectionDetails {

	/**
	 * Returns the PostgreSQL URL, in any dialect Databridge accepts.
	 * @return the URL
	 */
	String getUrl();

	/**
	 * Returns the login user, overriding one in the URL.
	 * @return the user, or {@code null} to use the URL's
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * Returns the login password, overriding one in the URL.
	 * @return the password, or {@code null} to use the URL's
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * Returns whether the URL names PostgreSQL itself, not a pooler in front of it, as
	 * for a server started for the application (embedded, a container): then
	 * {@code databridge.pooler=auto} means {@code none}, without probing.
	 * @return whether the connection is known to be direct
	 */
	default boolean isDirect() {
		return false;
	}

}
