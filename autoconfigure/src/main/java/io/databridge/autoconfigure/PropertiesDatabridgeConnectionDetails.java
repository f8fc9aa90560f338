package io.databridge.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link DatabridgeConnectionDetails} read from a database's properties: the top level of
 * {@link DatabridgeProperties}, or an entry of {@code databridge.databases}.
 *
 * @author Databridge team
 */
class PropertiesDatabridgeConnectionDetails implements DatabridgeConnectionDetails {

	private final DatabaseProperties properties;

	PropertiesDatabridgeConnectionDetails(DatabaseProperties properties) {
		this.properties = properties;
	}

	@Override
	public String getUrl() {
		String url = this.properties.getUrl();
		return (url != null) ? url : "";
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

}
