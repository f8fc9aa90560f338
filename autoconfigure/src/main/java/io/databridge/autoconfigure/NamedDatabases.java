package io.databridge.autoconfigure;

import java.util.List;
import java.util.Map;

import io.databridge.pool.DatabridgeConnectionPool;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The databases configured under {@code databridge.databases}, by name. Each has its own
 * settings and pool, registered as beans qualified by the name
 * ({@link NamedDatabasesRegistrar}); this bean finds them for the health indicator and
 * the metrics, which cover every database.
 *
 * @author Databridge team
 */
final class NamedDatabases {

	private final List<String> names;

	private final BeanFactory beanFactory;

	NamedDatabases(List<String> names, BeanFactory beanFactory) {
		this.names = List.copyOf(names);
		this.beanFactory = beanFactory;
	}

	/**
	 * Returns the databases under {@code databridge.databases} in the environment, in the
	 * order they are configured.
	 * @param environment the environment
	 * @return the databases' properties by name, empty when there are none
	 */
	static Map<String, DatabaseProperties> in(Environment environment) {
		return Binder.get(environment)
			.bind("databridge.databases", Bindable.mapOf(String.class, DatabaseProperties.class))
			.orElse(Map.of());
	}

	/**
	 * Returns the names of the databases.
	 * @return the names, in the order they are configured
	 */
	List<String> names() {
		return this.names;
	}

	/**
	 * Returns the settings of the named database.
	 * @param name the database's name
	 * @return its settings
	 */
	DatabridgeSettings settings(String name) {
		return this.beanFactory.getBean(beanName(name, "DatabridgeSettings"), DatabridgeSettings.class);
	}

	/**
	 * Returns the pool of the named database.
	 * @param name the database's name
	 * @return its pool
	 */
	DatabridgeConnectionPool pool(String name) {
		return this.beanFactory.getBean(beanName(name, "ConnectionFactory"), DatabridgeConnectionPool.class);
	}

	/**
	 * Returns the name of one of a database's beans: the database's name in camel case
	 * followed by what the bean is, such as {@code orderHistoryConnectionFactory} for
	 * {@code order-history}.
	 * @param database the database's name
	 * @param suffix what the bean is
	 * @return the bean name
	 */
	static String beanName(String database, String suffix) {
		StringBuilder name = new StringBuilder(database.length() + suffix.length());
		boolean upper = false;
		for (int i = 0; i < database.length(); i++) {
			char c = database.charAt(i);
			if (c == '-' || c == '_' || c == '.') {
				upper = name.length() > 0;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.append(suffix).toString();
	}

}
