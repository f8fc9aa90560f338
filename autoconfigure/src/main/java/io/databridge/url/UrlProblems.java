package io.databridge.url;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * The fixed texts of every problem {@link DatabaseUrlParser} reports. No method puts a
 * password, or any part of user information, into a reason.
 *
 * @author Databridge team
 */
final class UrlProblems {

	static final String URL_FORM = "postgresql://user:password@host:5432/database";

	static final String ACCEPTED_FORMS = "postgresql://, postgres://, postgresql+asyncpg://, "
			+ "postgresql+psycopg://, postgresql+psycopg2://, postgresql+pg8000://, postgresql+aiopg://, "
			+ "jdbc:postgresql://, r2dbc:postgresql://, r2dbcs:postgresql://, r2dbc:pool:postgresql:// "
			+ "and r2dbcs:pool:postgresql://";

	private static final String USE_URL_FORM = "Use a URL of the form " + URL_FORM;

	private static final String USE_ACCEPTED_FORM = "Use one of the accepted URL forms: " + ACCEPTED_FORMS;

	private UrlProblems() {
	}

	static UrlProblem empty() {
		return new UrlProblem("The database URL is empty", USE_URL_FORM);
	}

	static UrlProblem controlCharacter(int index, char ch) {
		return new UrlProblem(
				String.format("The URL contains the control character U+%04X at index %d", (int) ch, index),
				"Remove line breaks and other control characters, or percent-encode them (such as %0A) "
						+ "where they belong to a value");
	}

	static UrlProblem missingScheme() {
		return new UrlProblem("The URL does not start with a scheme followed by '://'",
				USE_URL_FORM + ", or another of the accepted forms: " + ACCEPTED_FORMS);
	}

	static UrlProblem missingSlashes(String scheme) {
		return new UrlProblem("The URL has no '//' after '" + scheme + ":'", USE_URL_FORM);
	}

	static UrlProblem otherDatabase(String scheme) {
		return new UrlProblem(
				"This is " + article(scheme) + " " + scheme + " URL, but Databridge connects only to PostgreSQL",
				USE_ACCEPTED_FORM);
	}

	private static String article(String scheme) {
		boolean vowel = "aeiou".indexOf(scheme.charAt(0)) >= 0;
		boolean spelledH = scheme.length() > 1 && scheme.charAt(0) == 'h' && "aeiou".indexOf(scheme.charAt(1)) < 0;
		return (vowel || spelledH || scheme.startsWith("r2dbc")) ? "an" : "a";
	}

	static UrlProblem unsupportedScheme(String scheme) {
		return new UrlProblem("The scheme '" + scheme + "' is not a supported PostgreSQL URL form", USE_ACCEPTED_FORM);
	}

	static UrlProblem unknownDriver(String scheme, String driver, Collection<String> drivers) {
		return new UrlProblem("The SQLAlchemy driver '" + driver + "' of '" + scheme + "://' is not known",
				"Use one of the known drivers " + String.join(", ", drivers)
						+ ", as in postgresql+asyncpg://user:password@host:5432/database");
	}

	static UrlProblem jdbcShortForm() {
		return new UrlProblem(
				"The JDBC URL has no host; the short forms jdbc:postgresql:database and "
						+ "jdbc:postgresql:/ are not accepted",
				"Name the host, as in jdbc:postgresql://localhost:5432/database");
	}

	static UrlProblem jdbcUserInfo() {
		return new UrlProblem("A JDBC URL cannot carry a user name or password before the host",
				"Pass them as parameters, as in jdbc:postgresql://host:5432/database?user=name&password=secret");
	}

	static UrlProblem noHost(Dialect dialect) {
		return new UrlProblem("The URL has no host", switch (dialect) {
			case LIBPQ, SQLALCHEMY -> "Add a host, as in postgresql://localhost:5432/db, or a Unix socket "
					+ "directory, as in postgresql:///db?host=/var/run/postgresql";
			case JDBC -> "Add a host, as in jdbc:postgresql://localhost:5432/db";
			case R2DBC -> "Add a host, as in r2dbc:postgresql://localhost:5432/db";
		});
	}

	static UrlProblem emptyHost(String hosts) {
		return new UrlProblem("The host list '" + hosts + "' contains an empty host",
				"Remove the extra comma or name the missing host, as in postgresql://h1:5432,h2:5432/database");
	}

	static UrlProblem unclosedIpv6(String text) {
		return new UrlProblem("The IPv6 address '" + text + "' has no closing ']'",
				"Close the brackets, as in postgresql://[::1]:5432/database");
	}

	static UrlProblem textAfterIpv6(String host, String text) {
		return new UrlProblem("The IPv6 address '[" + host + "]' is followed by '" + text + "'",
				"Follow the closing ']' with ':port', a comma or the end of the host list, as in "
						+ "postgresql://[::1]:5432/database");
	}

	static UrlProblem badPort(String port, String host) {
		return new UrlProblem("Port '" + port + "' of host '" + host + "' is not a number between 1 and 65535",
				USE_URL_FORM);
	}

	static UrlProblem portCount(int hosts, int ports) {
		return new UrlProblem("The URL names " + hosts + " hosts but " + ports + " ports",
				"Give one port for all hosts or one port per host, as in host=h1,h2&port=5432,5433");
	}

	static UrlProblem socketWithOtherHosts(String directory) {
		return new UrlProblem("The Unix socket directory '" + directory + "' cannot be combined with other hosts",
				"Connect through one Unix socket directory or through TCP hosts, not both");
	}

	static UrlProblem badEscape(String component, @Nullable String escape) {
		String quoted = (escape != null) ? " '" + escape + "'" : "";
		return new UrlProblem("The " + component + " contains the invalid percent escape" + quoted,
				"Write '%' itself as %25 and every other escape as '%' and two hexadecimal digits");
	}

	static UrlProblem nulEscape(String component) {
		return new UrlProblem("The " + component + " contains %00, which PostgreSQL does not accept", "Remove the %00");
	}

	static UrlProblem notUtf8(String component) {
		return new UrlProblem("The " + component + " does not decode to valid UTF-8",
				"Percent-encode the UTF-8 bytes of each character");
	}

	static UrlProblem missingEquals(@Nullable String previous) {
		String after = (previous != null) ? " after parameter '" + previous + "'" : "";
		return new UrlProblem("The query has a part without '='" + after,
				"Write parameters as name=value separated by '&', and encode '&' inside a value as %26");
	}

	static UrlProblem emptyName() {
		return new UrlProblem("The query has a parameter without a name",
				"Write parameters as name=value separated by '&'");
	}

	static UrlProblem emptyValue(String name) {
		return new UrlProblem("Parameter '" + name + "' has an empty value", "Give it a value or remove it");
	}

	static UrlProblem repeated(String name) {
		return new UrlProblem("Parameter '" + name + "' appears more than once", "Keep only one '" + name + "'");
	}

	static UrlProblem sameSetting(String first, String second) {
		return new UrlProblem("Parameters '" + first + "' and '" + second + "' set the same option",
				"Keep only one of them");
	}

	static UrlProblem unknownParameter(String name, String urlKind, Collection<String> supported,
			@Nullable String suggestion) {
		String hint = (suggestion != null) ? "Did you mean '" + suggestion + "'? " : "";
		return new UrlProblem("Parameter '" + name + "' is not supported in " + urlKind + " URLs",
				hint + "Supported parameters are: " + String.join(", ", supported));
	}

	static UrlProblem poolSetting(String name, @Nullable String property) {
		String use = (property != null) ? "set " + property + " instead" : "pool settings belong in databridge.pool.*";
		return new UrlProblem("Parameter '" + name + "' is a connection pool setting, not a connection parameter",
				"Remove it from the URL; " + use);
	}

	static UrlProblem sqlAlchemySetting(String name) {
		return new UrlProblem(
				"Parameter '" + name + "' is a SQLAlchemy dialect setting, not a PostgreSQL connection parameter",
				"Remove it from the URL; Databridge connects through R2DBC, not SQLAlchemy");
	}

	static UrlProblem invalidValue(String name, String value, String validValues) {
		return new UrlProblem("Value '" + value + "' of parameter '" + name + "' is not valid",
				"Use one of: " + validValues);
	}

	static UrlProblem notWholeSeconds(String name, String value) {
		return new UrlProblem("Timeout '" + value + "' of parameter '" + name + "' is not a whole number of seconds",
				"Use a whole number of seconds, as in " + name + "=10");
	}

	static UrlProblem notPositive(String name, String value, String example) {
		return new UrlProblem(
				"Timeout '" + value + "' of parameter '" + name + "' is not positive; waiting forever is not offered",
				"Use a positive timeout, as in " + example);
	}

	static UrlProblem badDuration(String name, String value) {
		return new UrlProblem(
				"Duration '" + value + "' of parameter '" + name
						+ "' is neither ISO-8601 (PT10S) nor a whole number with a unit (10s)",
				"Use a duration such as " + name + "=PT10S or " + name + "=10s");
	}

	static UrlProblem durationWithoutUnit(String name, String value) {
		return new UrlProblem(
				"Duration '" + value + "' of parameter '" + name
						+ "' has no unit, and r2dbc-postgresql would read it as milliseconds",
				"Add a unit, as in " + name + "=" + value + "s or " + name + "=PT" + value + "S");
	}

	static UrlProblem badOption(String name, String token) {
		return new UrlProblem("Parameter '" + name + "' contains '" + token + "', which is not a -c name=value setting",
				"Write server settings as -c name=value, as in " + name + "=-c%20search_path%3Dapp");
	}

	static UrlProblem badOptionPair(String name, String pair) {
		return new UrlProblem("Parameter '" + name + "' contains '" + pair + "', which is not a name=value pair",
				"Write server settings as name=value pairs separated by ';', as in " + name
						+ "=search_path=app;work_mem=64MB");
	}

	static UrlProblem repeatedOption(String name, String setting) {
		return new UrlProblem("Parameter '" + name + "' sets '" + setting + "' more than once",
				"Set each server setting once");
	}

	static UrlProblem sslModeBelowRequire(SslMode mode) {
		return new UrlProblem("An r2dbcs URL requires SSL, but its SSL mode is '" + SettingValue.of(mode) + "'",
				"Use an sslMode of require, verify-ca or verify-full, or the scheme r2dbc: without SSL");
	}

}
