package io.databridge.url;

import org.jspecify.annotations.Nullable;

/**
 * The raw, still encoded parts of a URL after its scheme.
 * <p>
 * The query starts at the first {@code ?}. The user information ends at the last
 * {@code @} before the query, so that a password containing an unencoded {@code @},
 * {@code /} or {@code :} still parses (a database name containing {@code @} must then be
 * percent-encoded). The host list ends at the next {@code /} and the path runs to the
 * query.
 *
 * @param userInfo the user information, or {@code null} when there is no {@code @}
 * @param hosts the host list, possibly empty
 * @param path the path without its leading {@code /}, or {@code null}
 * @param query the query without its leading {@code ?}, or {@code null}
 * @author Databridge team
 */
record UrlParts(@Nullable String userInfo, String hosts, @Nullable String path, @Nullable String query) {

	/**
	 * Splits the part of a URL that follows {@code ://}.
	 * @param text the text after the scheme
	 * @return the parts
	 */
	static UrlParts split(String text) {
		int queryStart = text.indexOf('?');
		int end = (queryStart >= 0) ? queryStart : text.length();
		int at = text.lastIndexOf('@', end - 1);
		int slash = text.indexOf('/', at + 1);
		int hostsEnd = (slash >= 0 && slash < end) ? slash : end;
		return new UrlParts((at >= 0) ? text.substring(0, at) : null, text.substring(at + 1, hostsEnd),
				(hostsEnd < end) ? text.substring(hostsEnd + 1, end) : null,
				(queryStart >= 0) ? text.substring(queryStart + 1) : null);
	}

}
