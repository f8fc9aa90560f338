package io.databridge.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.databridge.url.DatabaseUrlParser;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The passwords Databridge is configured with, wherever they came from: the
 * {@code databridge.password} and {@code databridge.ssl.key-password} properties in any
 * spelling the binder accepts (an environment variable included), the user information or
 * {@code password=} parameter of {@code databridge.url} and of each
 * {@code databridge.replicas[n].url}, the same settings of each database under
 * {@code databridge.databases}, and the {@link DatabridgeConnectionDetails} beans (a
 * container's, say). Read again on each call, since the environment may change, and
 * parsed only when it did.
 *
 * @author Databridge team
 */
final class ConfiguredSecrets implements Supplier<Set<String>> {

	private static final List<String> SECRET_PROPERTIES = List.of("databridge.password", "databridge.ssl.key-password");

	private static final String URL_PROPERTY = "databridge.url";

	private static final String REPLICAS_PROPERTY = "databridge.replicas";

	private static final String DATABASES_PROPERTY = "databridge.databases";

	private final Environment environment;

	private final ObjectProvider<DatabridgeConnectionDetails> connectionDetails;

	private volatile Known known = new Known(new Sources(List.of(), List.of()), Set.of());

	ConfiguredSecrets(Environment environment, ObjectProvider<DatabridgeConnectionDetails> connectionDetails) {
		this.environment = environment;
		this.connectionDetails = connectionDetails;
	}

	@Override
	public Set<String> get() {
		Sources sources = sources();
		Known current = this.known;
		if (current.sources().equals(sources)) {
			return current.secrets();
		}
		Set<String> secrets = new LinkedHashSet<>();
		sources.passwords().forEach((password) -> addIfPresent(secrets, password));
		sources.urls().forEach((url) -> addIfPresent(secrets, passwordIn(url)));
		Known updated = new Known(sources, Set.copyOf(secrets));
		this.known = updated;
		return updated.secrets();
	}

	/**
	 * Returns the raw values secrets are read from: passwords, and URLs that may hold
	 * one.
	 */
	private Sources sources() {
		Binder binder = Binder.get(this.environment);
		List<@Nullable String> passwords = new ArrayList<>();
		List<@Nullable String> urls = new ArrayList<>();
		for (String name : SECRET_PROPERTIES) {
			passwords.add(binder.bind(name, String.class).orElse(null));
		}
		urls.add(binder.bind(URL_PROPERTY, String.class).orElse(null));
		for (DatabaseProperties.Replica replica : replicas(binder)) {
			urls.add(replica.getUrl());
		}
		for (DatabaseProperties database : databases(binder)) {
			passwords.add(database.getPassword());
			passwords.add(database.getSsl().getKeyPassword());
			urls.add(database.getUrl());
			database.getReplicas().forEach((replica) -> urls.add(replica.getUrl()));
		}
		this.connectionDetails.orderedStream().forEach((details) -> {
			passwords.add(details.getPassword());
			urls.add(details.getUrl());
		});
		return new Sources(passwords, urls);
	}

	private static List<DatabaseProperties.Replica> replicas(Binder binder) {
		try {
			return binder.bind(REPLICAS_PROPERTY, Bindable.listOf(DatabaseProperties.Replica.class)).orElse(List.of());
		}
		catch (BindException ex) {
			// Settings that do not bind stop the application elsewhere.
			return List.of();
		}
	}

	private static Collection<DatabaseProperties> databases(Binder binder) {
		try {
			return binder.bind(DATABASES_PROPERTY, Bindable.mapOf(String.class, DatabaseProperties.class))
				.map(Map::values)
				.orElse(List.of());
		}
		catch (BindException ex) {
			// Settings that do not bind stop the application elsewhere.
			return List.of();
		}
	}

	private static @Nullable String passwordIn(@Nullable String url) {
		if (url == null) {
			return null;
		}
		try {
			return DatabaseUrlParser.parse(url).password();
		}
		catch (RuntimeException ex) {
			// A URL that does not parse stops the application elsewhere; masking by key
			// and by URL shape still applies to it.
			return null;
		}
	}

	private static void addIfPresent(Set<String> secrets, @Nullable String secret) {
		if (secret != null && !secret.isEmpty()) {
			secrets.add(secret);
		}
	}

	private record Sources(List<@Nullable String> passwords, List<@Nullable String> urls) {

	}

	private record Known(Sources sources, Set<String> secrets) {

	}

}
