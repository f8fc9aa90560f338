package io.databridge.url;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Collects the settings of a URL while it is parsed, later settings (query parameters)
 * overriding earlier ones (parts of the URI), and builds the {@link DatabaseUrl}.
 *
 * @author Databridge team
 */
final class DatabaseUrlBuilder {

	final Dialect dialect;

	final String url;

	List<String> hostNames = new ArrayList<>();

	List<@Nullable String> ports = new ArrayList<>();

	@Nullable String database;

	@Nullable String username;

	@Nullable String password;

	@Nullable SslMode sslMode;

	@Nullable SslMode sslModeFromFlag;

	boolean sslRequired;

	@Nullable String sslRootCert;

	@Nullable String sslCert;

	@Nullable String sslKey;

	@Nullable String sslPassword;

	@Nullable String applicationName;

	@Nullable Duration connectTimeout;

	@Nullable Duration statementTimeout;

	@Nullable String schema;

	Map<String, String> options = new LinkedHashMap<>();

	@Nullable String endpoint;

	@Nullable Integer statementCacheSize;

	@Nullable TargetSessionAttributes targetSessionAttributes;

	@Nullable ChannelBinding channelBinding;

	@Nullable List<HostAddress> hosts;

	@Nullable String unixSocket;

	/**
	 * Creates a builder.
	 * @param dialect the dialect of the URL
	 * @param url the trimmed URL, kept only to be masked
	 */
	DatabaseUrlBuilder(Dialect dialect, String url) {
		this.dialect = dialect;
		this.url = url;
	}

	/**
	 * Resolves hosts, ports and the SSL mode, and builds the URL value.
	 * @return the URL value
	 * @throws UrlProblem if hosts, ports or the SSL mode are inconsistent
	 */
	DatabaseUrl build() {
		resolveHosts();
		resolveSslMode();
		return new DatabaseUrl(this);
	}

	private void resolveHosts() {
		if (this.hostNames.isEmpty()) {
			throw UrlProblems.noHost(this.dialect);
		}
		boolean allDefault = this.ports.stream().allMatch((port) -> port == null);
		List<@Nullable String> ports = allDefault ? List.of() : this.ports;
		if (ports.size() > 1 && ports.size() != this.hostNames.size()) {
			throw UrlProblems.portCount(this.hostNames.size(), ports.size());
		}
		List<HostAddress> hosts = new ArrayList<>();
		for (int i = 0; i < this.hostNames.size(); i++) {
			String name = this.hostNames.get(i);
			String port = ports.isEmpty() ? null : ports.get((ports.size() == 1) ? 0 : i);
			hosts.add(new HostAddress(name, (port != null) ? port(port, name) : HostAddress.DEFAULT_PORT));
		}
		resolveUnixSocket(hosts);
	}

	private void resolveUnixSocket(List<HostAddress> hosts) {
		HostAddress socket = hosts.stream().filter((host) -> host.host().startsWith("/")).findFirst().orElse(null);
		if (socket == null) {
			this.hosts = hosts;
			return;
		}
		if (hosts.size() > 1) {
			throw UrlProblems.socketWithOtherHosts(socket.host());
		}
		String directory = socket.host().endsWith("/") ? socket.host().substring(0, socket.host().length() - 1)
				: socket.host();
		this.hosts = List.of();
		this.unixSocket = directory + "/.s.PGSQL." + socket.port();
	}

	private void resolveSslMode() {
		SslMode mode = (this.sslMode != null) ? this.sslMode : this.sslModeFromFlag;
		if (this.sslRequired && mode != null && mode.compareTo(SslMode.REQUIRE) < 0) {
			throw UrlProblems.sslModeBelowRequire(mode);
		}
		this.sslMode = (this.sslRequired && mode == null) ? SslMode.REQUIRE : mode;
	}

	private static int port(String text, String host) {
		boolean digits = !text.isEmpty() && text.length() <= 5 && text.chars().allMatch((ch) -> ch >= '0' && ch <= '9');
		int port = digits ? Integer.parseInt(text) : 0;
		if (port < 1 || port > 65535) {
			throw UrlProblems.badPort(text, host);
		}
		return port;
	}

}
