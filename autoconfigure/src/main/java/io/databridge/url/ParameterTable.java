package io.databridge.url;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The query parameters one dialect understands, and those it rejects with a specific
 * explanation. Every other parameter is an error that lists the supported ones.
 *
 * @author Databridge team
 */
final class ParameterTable {

	private final String urlKind;

	private final Map<String, Parameter> parameters = new HashMap<>();

	private final Map<String, Function<String, UrlProblem>> rejected = new HashMap<>();

	/**
	 * Creates an empty table.
	 * @param urlKind how messages name URLs of the dialect, such as {@code "JDBC"}
	 */
	ParameterTable(String urlKind) {
		this.urlKind = urlKind;
	}

	/**
	 * Adds a parameter that sets an option of its own.
	 * @param name the parameter name, compared exactly
	 * @param setter applies a decoded value
	 * @return this table
	 */
	ParameterTable add(String name, Setter setter) {
		return add(name, name, setter);
	}

	/**
	 * Adds a parameter; parameters that share an option may not appear together.
	 * @param name the parameter name, compared exactly
	 * @param option the option the parameter sets
	 * @param setter applies a decoded value
	 * @return this table
	 */
	ParameterTable add(String name, String option, Setter setter) {
		this.parameters.put(name, new Parameter(option, setter));
		return this;
	}

	/**
	 * Rejects a parameter with a specific explanation.
	 * @param name the parameter name
	 * @param problem creates the problem from the name
	 * @return this table
	 */
	ParameterTable reject(String name, Function<String, UrlProblem> problem) {
		this.rejected.put(name, problem);
		return this;
	}

	/**
	 * Returns the option a parameter sets.
	 * @param name the parameter name
	 * @return the option
	 * @throws UrlProblem if the parameter is not supported
	 */
	String optionOf(String name) {
		return parameter(name).option();
	}

	/**
	 * Applies a parameter.
	 * @param name the parameter name
	 * @param value the decoded value
	 * @param builder the builder to apply it to
	 */
	void apply(String name, String value, DatabaseUrlBuilder builder) {
		parameter(name).setter().apply(builder, name, value);
	}

	private Parameter parameter(String name) {
		Parameter parameter = this.parameters.get(name);
		if (parameter != null) {
			return parameter;
		}
		Function<String, UrlProblem> rejection = this.rejected.get(name);
		if (rejection != null) {
			throw rejection.apply(name);
		}
		TreeSet<String> supported = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		supported.addAll(this.parameters.keySet());
		throw UrlProblems.unknownParameter(name, this.urlKind, supported, suggestion(name));
	}

	private @Nullable String suggestion(String name) {
		String normalized = normalize(name);
		return this.parameters.keySet()
			.stream()
			.filter((candidate) -> normalize(candidate).equals(normalized))
			.findFirst()
			.orElse(null);
	}

	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
	}

	/**
	 * Applies a decoded parameter value to a builder.
	 */
	@FunctionalInterface
	interface Setter {

		/**
		 * Applies the value.
		 * @param builder the builder
		 * @param name the parameter name, for messages
		 * @param value the decoded, non-empty value
		 */
		void apply(DatabaseUrlBuilder builder, String name, String value);

	}

	private record Parameter(String option, Setter setter) {

	}

}
