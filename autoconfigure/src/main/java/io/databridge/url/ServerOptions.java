package io.databridge.url;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Parses the server settings of an {@code options} parameter, in libpq's form
 * ({@code -c name=value}, {@code -cname=value} or {@code --name=value}, separated by
 * whitespace, with {@code \} escaping the next character) or in r2dbc-postgresql's form
 * ({@code name=value;name=value}). Dashes in libpq-form names become underscores, as the
 * server does. Neon's {@code endpoint=<id>} among libpq-form options is not a server
 * setting: it is kept apart, for Neon's proxy.
 *
 * @author Databridge team
 */
final class ServerOptions {

	private static final String ENDPOINT = "endpoint=";

	private ServerOptions() {
	}

	/**
	 * Parses libpq-form options.
	 * @param name the parameter name, for messages
	 * @param value the decoded value
	 * @return the settings in order
	 */
	static Map<String, String> parseLibpq(String name, String value) {
		Map<String, String> settings = new LinkedHashMap<>();
		List<String> tokens = tokens(value);
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i);
			if (token.startsWith(ENDPOINT)) {
				continue;
			}
			if (token.equals("-c") && i + 1 < tokens.size()) {
				putLibpq(settings, name, tokens.get(++i), "-c " + tokens.get(i));
			}
			else if (token.length() > 2 && (token.startsWith("-c") || token.startsWith("--"))) {
				putLibpq(settings, name, token.substring(2), token);
			}
			else {
				throw UrlProblems.badOption(name, token);
			}
		}
		return settings;
	}

	/**
	 * Returns the Neon endpoint id among libpq-form options: the token
	 * {@code endpoint=<id>}, which Neon's proxy takes out of the options before they
	 * reach the server.
	 * @param name the parameter name, for messages
	 * @param value the decoded value
	 * @return the endpoint id, or {@code null} when the options name none
	 */
	static @Nullable String neonEndpoint(String name, String value) {
		String endpoint = null;
		for (String token : tokens(value)) {
			if (token.startsWith(ENDPOINT)) {
				if (endpoint != null || token.length() == ENDPOINT.length()) {
					throw UrlProblems.badOption(name, token);
				}
				endpoint = token.substring(ENDPOINT.length());
			}
		}
		return endpoint;
	}

	/**
	 * Parses r2dbc-postgresql-form options; empty pairs are ignored.
	 * @param name the parameter name, for messages
	 * @param value the decoded value
	 * @return the settings in order
	 */
	static Map<String, String> parsePairs(String name, String value) {
		Map<String, String> settings = new LinkedHashMap<>();
		for (String pair : value.split(";")) {
			int equals = pair.indexOf('=');
			if (!pair.isEmpty() && (equals <= 0 || equals == pair.length() - 1 || pair.indexOf('=', equals + 1) >= 0)) {
				throw UrlProblems.badOptionPair(name, pair);
			}
			if (!pair.isEmpty()) {
				put(settings, name, pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return settings;
	}

	private static void putLibpq(Map<String, String> settings, String name, String setting, String token) {
		int equals = setting.indexOf('=');
		if (equals <= 0) {
			throw UrlProblems.badOption(name, token);
		}
		put(settings, name, setting.substring(0, equals).replace('-', '_'), setting.substring(equals + 1));
	}

	private static void put(Map<String, String> settings, String name, String key, String value) {
		if (settings.putIfAbsent(key, value) != null) {
			throw UrlProblems.repeatedOption(name, key);
		}
	}

	private static List<String> tokens(String value) {
		List<String> tokens = new ArrayList<>();
		@Nullable StringBuilder token = null;
		for (int i = 0; i < value.length(); i++) {
			char ch = value.charAt(i);
			if (Character.isWhitespace(ch)) {
				addToken(tokens, token);
				token = null;
				continue;
			}
			token = (token != null) ? token : new StringBuilder();
			boolean escape = ch == '\\' && i + 1 < value.length();
			token.append(escape ? value.charAt(++i) : ch);
		}
		addToken(tokens, token);
		return tokens;
	}

	private static void addToken(List<String> tokens, @Nullable StringBuilder token) {
		if (token != null) {
			tokens.add(token.toString());
		}
	}

}
