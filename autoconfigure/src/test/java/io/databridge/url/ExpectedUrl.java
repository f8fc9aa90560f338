package io.databridge.url;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expected value of every field of a {@link DatabaseUrl}: fields not set here are
 * expected to be {@code null} (or empty), so each table row checks the whole result.
 *
 * @author Databridge team
 */
final class ExpectedUrl {

	private final Dialect dialect;

	private final List<HostAddress> hosts = new ArrayList<>();

	private final Map<String, String> options = new LinkedHashMap<>();

	private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

	private ExpectedUrl(Dialect dialect) {
		this.dialect = dialect;
	}

	static ExpectedUrl libpq() {
		return new ExpectedUrl(Dialect.LIBPQ);
	}

	static ExpectedUrl sqlAlchemy() {
		return new ExpectedUrl(Dialect.SQLALCHEMY);
	}

	static ExpectedUrl jdbc() {
		return new ExpectedUrl(Dialect.JDBC);
	}

	static ExpectedUrl r2dbc() {
		return new ExpectedUrl(Dialect.R2DBC);
	}

	ExpectedUrl host(String host, int port) {
		this.hosts.add(new HostAddress(host, port));
		return this;
	}

	ExpectedUrl unixSocket(String unixSocket) {
		return with("unixSocket", unixSocket);
	}

	ExpectedUrl database(String database) {
		return with("database", database);
	}

	ExpectedUrl username(String username) {
		return with("username", username);
	}

	ExpectedUrl password(String password) {
		return with("password", password);
	}

	ExpectedUrl sslMode(SslMode sslMode) {
		return with("sslMode", sslMode);
	}

	ExpectedUrl sslRootCert(String sslRootCert) {
		return with("sslRootCert", sslRootCert);
	}

	ExpectedUrl sslCert(String sslCert) {
		return with("sslCert", sslCert);
	}

	ExpectedUrl sslKey(String sslKey) {
		return with("sslKey", sslKey);
	}

	ExpectedUrl sslPassword(String sslPassword) {
		return with("sslPassword", sslPassword);
	}

	ExpectedUrl applicationName(String applicationName) {
		return with("applicationName", applicationName);
	}

	ExpectedUrl connectTimeout(Duration connectTimeout) {
		return with("connectTimeout", connectTimeout);
	}

	ExpectedUrl statementTimeout(Duration statementTimeout) {
		return with("statementTimeout", statementTimeout);
	}

	ExpectedUrl schema(String schema) {
		return with("schema", schema);
	}

	ExpectedUrl option(String name, String value) {
		this.options.put(name, value);
		return this;
	}

	ExpectedUrl endpoint(String endpoint) {
		return with("endpoint", endpoint);
	}

	ExpectedUrl statementCacheSize(int size) {
		return with("statementCacheSize", size);
	}

	ExpectedUrl targetSessionAttributes(TargetSessionAttributes targetSessionAttributes) {
		return with("targetSessionAttributes", targetSessionAttributes);
	}

	ExpectedUrl channelBinding(ChannelBinding channelBinding) {
		return with("channelBinding", channelBinding);
	}

	private ExpectedUrl with(String field, Object value) {
		this.values.put(field, value);
		return this;
	}

	void assertMatches(DatabaseUrl url) {
		assertThat(fieldsOf(url)).isEqualTo(expectedFields());
		assertThat(url.options()).containsExactlyEntriesOf(this.options);
	}

	private Map<String, @Nullable Object> expectedFields() {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		fields.put("dialect", this.dialect);
		fields.put("hosts", this.hosts);
		for (String name : List.of("unixSocket", "database", "username", "password", "sslMode", "sslRootCert",
				"sslCert", "sslKey", "sslPassword", "applicationName", "connectTimeout", "statementTimeout",
				"schema")) {
			fields.put(name, this.values.get(name));
		}
		fields.put("options", this.options);
		fields.put("endpoint", this.values.get("endpoint"));
		fields.put("statementCacheSize", this.values.get("statementCacheSize"));
		fields.put("targetSessionAttributes", this.values.get("targetSessionAttributes"));
		fields.put("channelBinding", this.values.get("channelBinding"));
		return fields;
	}

	private static Map<String, @Nullable Object> fieldsOf(DatabaseUrl url) {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		fields.put("dialect", url.dialect());
		fields.put("hosts", url.hosts());
		fields.put("unixSocket", url.unixSocket());
		fields.put("database", url.database());
		fields.put("username", url.username());
		fields.put("password", url.password());
		fields.put("sslMode", url.sslMode());
		fields.put("sslRootCert", url.sslRootCert());
		fields.put("sslCert", url.sslCert());
		fields.put("sslKey", url.sslKey());
		fields.put("sslPassword", url.sslPassword());
		fields.put("applicationName", url.applicationName());
		fields.put("connectTimeout", url.connectTimeout());
		fields.put("statementTimeout", url.statementTimeout());
		fields.put("schema", url.schema());
		fields.put("options", url.options());
		fields.put("endpoint", url.endpoint());
		fields.put("statementCacheSize", url.statementCacheSize());
		fields.put("targetSessionAttributes", url.targetSessionAttributes());
		fields.put("channelBinding", url.channelBinding());
		return fields;
	}

	@Override
	public String toString() {
		return this.dialect + " " + this.hosts + " " + this.values + " " + this.options;
	}

}
