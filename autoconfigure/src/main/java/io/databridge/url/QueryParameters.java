package io.databridge.url;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Applies the {@code name=value} pairs of a query, separated by {@code &}, to a builder.
 * Names are taken as written; values are decoded. Empty pairs (as in {@code a=1&&b=2} or
 * a trailing {@code &}) are skipped; a repeated parameter is an error.
 *
 * @author Databridge team
 */
final class QueryParameters {

	private final ParameterTable table;

	private final ValueDecoder decoder;

	private final Map<String, String> namesByOption = new HashMap<>();

	private @Nullable String previous;

	private QueryParameters(ParameterTable table, ValueDecoder decoder) {
		this.table = table;
		this.decoder = decoder;
	}

	/**
	 * Applies a query.
	 * @param query the query without {@code ?}, or {@code null}
	 * @param table the parameters of the dialect
	 * @param decoder the value decoder of the dialect
	 * @param builder the builder to apply parameters to
	 */
	static void apply(@Nullable String query, ParameterTable table, ValueDecoder decoder, DatabaseUrlBuilder builder) {
		if (query != null) {
			new QueryParameters(table, decoder).applyAll(query, builder);
		}
	}

	private void applyAll(String query, DatabaseUrlBuilder builder) {
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			end = (end >= 0) ? end : query.length();
			if (end > start) {
				applyPair(query.substring(start, end), builder);
			}
			start = end + 1;
		}
	}

	private void applyPair(String pair, DatabaseUrlBuilder builder) {
		int equals = pair.indexOf('=');
		if (equals < 0) {
			throw UrlProblems.missingEquals(this.previous);
		}
		String name = pair.substring(0, equals);
		if (name.isEmpty()) {
			throw UrlProblems.emptyName();
		}
		checkOnce(name);
		this.previous = name;
		String value = pair.substring(equals + 1);
		if (value.isEmpty()) {
			throw UrlProblems.emptyValue(name);
		}
		boolean secret = name.toLowerCase(Locale.ROOT).endsWith("password");
		this.table.apply(name, this.decoder.decode(value, "value of parameter '" + name + "'", secret), builder);
	}

	private void checkOnce(String name) {
		String first = this.namesByOption.putIfAbsent(this.table.optionOf(name), name);
		if (first != null) {
			throw first.equals(name) ? UrlProblems.repeated(name) : UrlProblems.sameSetting(first, name);
		}
	}

}
