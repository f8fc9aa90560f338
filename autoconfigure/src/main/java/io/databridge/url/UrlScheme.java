package io.databridge.url;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The scheme of a database URL: which dialect it is, where the rest of the URL starts and
 * whether the scheme demands SSL ({@code r2dbcs:}). Schemes are compared ignoring case.
 *
 * @param dialect the dialect
 * @param length the length of the scheme including {@code ://}
 * @param requiresSsl whether the scheme demands SSL
 * @author Databridge team
 */
record UrlScheme(Dialect dialect, int length, boolean requiresSsl) {

	static final List<String> SQLALCHEMY_DRIVERS = List.of("aiopg", "asyncpg", "pg8000", "psycopg", "psycopg2");

	private static final Set<String> LIBPQ_SCHEMES = Set.of("postgresql", "postgres");

	private static final Set<String> R2DBC_SCHEMES = Set.of("r2dbc:postgresql", "r2dbc:postgres",
			"r2dbc:pool:postgresql", "r2dbc:pool:postgres");

	private static final Set<String> WRAPPERS = Set.of("jdbc", "r2dbc", "r2dbcs", "pool");

	private static final Set<String> OTHER_DATABASES = Set.of("mysql", "mariadb", "sqlite", "sqlite3", "sqlserver",
			"mssql", "oracle", "h2", "hsqldb", "derby", "db2", "mongodb", "mongodb+srv", "redis", "rediss", "cassandra",
			"clickhouse", "snowflake", "firebird", "informix", "cockroachdb");

	/**
	 * Reads the scheme at the start of the given URL.
	 * @param url the trimmed URL
	 * @return the scheme
	 * @throws UrlProblem if the URL has no scheme or not a PostgreSQL one
	 */
	static UrlScheme of(String url) {
		int separator = url.indexOf("://");
		String scheme = (separator > 0) ? url.substring(0, separator).toLowerCase(Locale.ROOT) : "";
		if (!isSchemeLike(scheme)) {
			throw withoutSeparator(url.toLowerCase(Locale.ROOT));
		}
		String secure = scheme.startsWith("r2dbcs:") ? "r2dbc:" + scheme.substring(7) : null;
		if (LIBPQ_SCHEMES.contains(scheme)) {
			return new UrlScheme(Dialect.LIBPQ, separator + 3, false);
		}
		if (R2DBC_SCHEMES.contains((secure != null) ? secure : scheme)) {
			return new UrlScheme(Dialect.R2DBC, separator + 3, secure != null);
		}
		if (scheme.equals("jdbc:postgresql")) {
			return new UrlScheme(Dialect.JDBC, separator + 3, false);
		}
		return sqlAlchemy(scheme, separator + 3);
	}

	private static UrlScheme sqlAlchemy(String scheme, int length) {
		int plus = scheme.indexOf('+');
		if (plus < 0 || !LIBPQ_SCHEMES.contains(scheme.substring(0, plus))) {
			throw scheme.contains("postgres") ? UrlProblems.unsupportedScheme(scheme)
					: UrlProblems.otherDatabase(scheme);
		}
		String driver = scheme.substring(plus + 1);
		if (!SQLALCHEMY_DRIVERS.contains(driver)) {
			throw UrlProblems.unknownDriver(scheme, driver, SQLALCHEMY_DRIVERS);
		}
		return new UrlScheme(Dialect.SQLALCHEMY, length, false);
	}

	private static UrlProblem withoutSeparator(String url) {
		if (url.startsWith("jdbc:postgresql:")) {
			return UrlProblems.jdbcShortForm();
		}
		String scheme = leadingScheme(url);
		if (scheme == null) {
			return UrlProblems.missingScheme();
		}
		if (scheme.contains("postgres")) {
			return UrlProblems.missingSlashes(scheme);
		}
		String database = scheme.substring(scheme.lastIndexOf(':') + 1);
		int plus = database.indexOf('+');
		boolean other = OTHER_DATABASES.contains(database)
				|| (plus > 0 && OTHER_DATABASES.contains(database.substring(0, plus)));
		return other ? UrlProblems.otherDatabase(scheme) : UrlProblems.missingScheme();
	}

	private static @Nullable String leadingScheme(String url) {
		int start = 0;
		int colon = url.indexOf(':');
		while (colon > start && isSchemeWord(url.substring(start, colon))) {
			if (!WRAPPERS.contains(url.substring(start, colon))) {
				return url.substring(0, colon);
			}
			start = colon + 1;
			colon = url.indexOf(':', start);
		}
		return null;
	}

	private static boolean isSchemeLike(String scheme) {
		for (String word : scheme.split(":", -1)) {
			if (!isSchemeWord(word)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isSchemeWord(String word) {
		if (word.isEmpty() || word.charAt(0) < 'a' || word.charAt(0) > 'z') {
			return false;
		}
		for (int i = 1; i < word.length(); i++) {
			char ch = word.charAt(i);
			if ((ch < 'a' || ch > 'z') && (ch < '0' || ch > '9') && ch != '+' && ch != '.' && ch != '-') {
				return false;
			}
		}
		return true;
	}

}
