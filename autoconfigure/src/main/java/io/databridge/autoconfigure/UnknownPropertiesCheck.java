package io.databridge.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.databridge.url.UrlMasker;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Rejects {@code databridge.*} keys that Databridge does not know, such as
 * {@code databridge.pool.max-sizee}, which Spring Boot would otherwise ignore. Operating
 * system environment variables are not checked: variables that merely start with
 * {@code DATABRIDGE_} are common and not meant as settings. Runs once, as a bean that the
 * embedded server and the settings depend on.
 *
 * @author Databridge team
 */
final class UnknownPropertiesCheck {

	private UnknownPropertiesCheck() {
	}

	/**
	 * Checks the environment's {@code databridge.*} keys, once per application context as
	 * a bean that the beans which read the properties depend on.
	 * @param environment the environment
	 * @return the proof that the check passed
	 * @throws InvalidDatabridgePropertyException naming the first unknown key
	 */
	static UnknownPropertiesCheck of(Environment environment) {
		check(environment);
		return new UnknownPropertiesCheck();
	}

	private static void check(Environment environment) {
		Binder binder = new Binder(ConfigurationPropertySources.get(environment));
		try {
			binder.bind("databridge", Bindable.of(DatabridgeProperties.class),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT, UnknownPropertiesCheck::isChecked));
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				throw unknown(unbound.getUnboundProperties().iterator().next());
			}
		}
	}

	private static boolean isChecked(ConfigurationPropertySource source) {
		return !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource);
	}

	private static InvalidDatabridgePropertyException unknown(ConfigurationProperty property) {
		String name = property.getName().toString();
		return new InvalidDatabridgePropertyException(name, mask(name, property.getValue()),
				"Databridge has no such setting.", "Use one of: " + String.join(", ", knownProperties()) + ".");
	}

	private static @Nullable Object mask(String name, @Nullable Object value) {
		if (value == null) {
			return null;
		}
		return (name.contains("password") || name.contains("secret")) ? UrlMasker.MASK
				: UrlMasker.mask(value.toString());
	}

	static Set<String> knownProperties() {
		Set<String> names = new TreeSet<>();
		collect("databridge", DatabridgeProperties.class, names);
		return names;
	}

	private static void collect(String prefix, Class<?> type, Set<String> names) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())
					|| descriptor.getReadMethod().isAnnotationPresent(Deprecated.class)) {
				continue;
			}
			String name = prefix + "." + kebabCase(descriptor.getName());
			Class<?> propertyType = descriptor.getPropertyType();
			Class<?> enclosing = propertyType.getEnclosingClass();
			if (enclosing == DatabaseProperties.class || enclosing == DatabridgeProperties.class) {
				collect(name, propertyType, names);
			}
			else {
				names.add(Map.class.isAssignableFrom(propertyType) ? name + ".*" : name);
			}
		}
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
	}

}
