package io.databridge.url;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Parses the PostgreSQL connection URLs people paste, in four dialects, into a
 * {@link DatabaseUrl}.
 * <ul>
 * <li>libpq URIs, {@code postgresql://} and {@code postgres://}: percent escapes are
 * decoded as libpq does ({@code +} stays {@code +}); parameters are libpq's, and a query
 * parameter overrides the same part of the URI. Several hosts, IPv6 addresses in brackets
 * and Unix socket directories (a host starting with {@code /}, such as
 * {@code %2Fvar%2Frun%2Fpostgresql} or {@code ?host=/var/run/postgresql}) are
 * supported.</li>
 * <li>SQLAlchemy URLs such as {@code postgresql+asyncpg://}: parsed like libpq URIs, plus
 * asyncpg's {@code ssl} parameter ({@code true} meaning {@code require}). An explicit
 * {@code sslmode} wins over {@code ssl}. SQLAlchemy dialect settings are rejected.</li>
 * <li>JDBC URLs, {@code jdbc:postgresql://}: parameters are pgjdbc's, and the database
 * name and values are decoded with {@link java.net.URLDecoder} as pgjdbc does, so a
 * {@code +} is a space. User information before the host is rejected, as is the short
 * form {@code jdbc:postgresql:database} (pgjdbc would default to localhost).
 * {@code ssl=true} means {@code verify-full}, as in pgjdbc, and an explicit
 * {@code sslmode} wins over it.</li>
 * <li>R2DBC URLs, {@code r2dbc:postgresql://}, {@code r2dbcs:postgresql://} and their
 * {@code pool:} variants: parameters are r2dbc-postgresql's. User information is
 * percent-decoded with {@code +} kept as {@code +} (r2dbc's own parser turns it into a
 * space). Timeouts are ISO-8601 ({@code PT10S}) or a whole number with a unit
 * ({@code 10s}, {@code 500ms}); a bare number is rejected because r2dbc-postgresql reads
 * it as milliseconds. {@code options} is written {@code name=value;name=value}.
 * {@code r2dbcs:} means an SSL mode of at least {@code require}. Pool settings are
 * rejected in favour of {@code databridge.pool.*} properties.</li>
 * </ul>
 * The size of the prepared-statement cache is taken from each dialect's own spelling:
 * {@code preparedStatementCacheQueries} (pgjdbc, R2DBC), {@code prepareThreshold=0}
 * (pgjdbc: never prepare, so 0) and {@code prepared_statement_cache_size} (SQLAlchemy
 * asyncpg). Neon's {@code options=endpoint%3D<id>} is kept for Neon's proxy. In every
 * dialect, surrounding whitespace is ignored, schemes are compared ignoring case, a port
 * defaults to 5432, an unknown, repeated or empty parameter is an error, and so is a
 * timeout that is not positive. The user information ends at the last {@code @} before
 * the query, so a password may contain an unencoded {@code @}, {@code /} or {@code :};
 * {@code ?}, {@code &} and {@code %} must be percent-encoded.
 *
 * @author Databridge team
 */
public final class DatabaseUrlParser {

	private static final Map<Dialect, ParameterTable> PARAMETERS = ParameterTables.create();

	private DatabaseUrlParser() {
	}

	/**
	 * Parses a database URL.
	 * @param url the URL, in any of the accepted dialects
	 * @return the parsed URL
	 * @throws InvalidDatabaseUrlException if the URL is not a valid PostgreSQL URL
	 */
	public static DatabaseUrl parse(String url) {
		try {
			return parseTrimmed(trimmed(url));
		}
		catch (UrlProblem problem) {
			throw new InvalidDatabaseUrlException(url, problem.getReason(), problem.getAction());
		}
	}

	private static String trimmed(@Nullable String url) {
		if (url == null || url.isBlank()) {
			throw UrlProblems.empty();
		}
		String trimmed = url.strip();
		for (int i = 0; i < trimmed.length(); i++) {
			if (Character.isISOControl(trimmed.charAt(i))) {
				throw UrlProblems.controlCharacter(i, trimmed.charAt(i));
			}
		}
		return trimmed;
	}

	private static DatabaseUrl parseTrimmed(String url) {
		UrlScheme scheme = UrlScheme.of(url);
		Dialect dialect = scheme.dialect();
		UrlParts parts = UrlParts.split(url.substring(scheme.length()));
		ValueDecoder decoder = (dialect != Dialect.JDBC) ? PercentDecoder::decode : FormDecoder::decode;
		DatabaseUrlBuilder builder = new DatabaseUrlBuilder(dialect, url);
		applyUserInfo(parts.userInfo(), builder);
		applyHosts(parts.hosts(), builder);
		if (parts.path() != null && !parts.path().isEmpty()) {
			builder.database = decoder.decode(parts.path(), "database name", false);
		}
		QueryParameters.apply(parts.query(), PARAMETERS.get(dialect), decoder, builder);
		builder.sslRequired = scheme.requiresSsl();
		return builder.build();
	}

	private static void applyUserInfo(@Nullable String userInfo, DatabaseUrlBuilder builder) {
		if (userInfo == null) {
			return;
		}
		if (builder.dialect == Dialect.JDBC) {
			throw UrlProblems.jdbcUserInfo();
		}
		int colon = userInfo.indexOf(':');
		String username = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
		builder.username = emptyToNull(PercentDecoder.decode(username, "user name", false));
		if (colon >= 0) {
			builder.password = emptyToNull(PercentDecoder.decode(userInfo.substring(colon + 1), "password", true));
		}
	}

	private static void applyHosts(String hosts, DatabaseUrlBuilder builder) {
		boolean decoded = builder.dialect == Dialect.LIBPQ || builder.dialect == Dialect.SQLALCHEMY;
		HostList list = HostList.parse(hosts,
				(host) -> decoded ? PercentDecoder.decode(host, "host list", false) : host);
		builder.hostNames = list.names();
		builder.ports = list.ports();
	}

	private static @Nullable String emptyToNull(String text) {
		return text.isEmpty() ? null : text;
	}

}
