package io.databridge.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * {@link DatabridgeConnectionDetails} read from {@link DatabridgeProperties}.
 *
 * @author Databridge team
 */
class PropertiesDatabridgeConnectionDetails implements DatabridgeConnectionDetails {

	private final DatabridgeProperties properties;

	PropertiesDatabridgeConnectionDetails(DatabridgeProperties properties) {
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
