package io.databridge.url;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the passwords in a database URL, or in any text that contains one, with
 * {@code ****}.
 * <p>
 * Two kinds of password are masked: the password of user information
 * ({@code scheme://user:password@host}, where the user information ends at the last
 * {@code @} before the first {@code ?}, as {@link DatabaseUrlParser} reads it; text
 * without {@code ://} is read as starting with user information) and the value of every
 * {@code password=} or {@code sslpassword=} parameter (names compared ignoring case,
 * values ending at the next {@code &}). Everything else is left as it is. Masking never
 * throws and is idempotent. When in doubt it masks too much rather than too little.
 *
 * @author Databridge team
 */
public final class UrlMasker {

	/**
	 * What a secret is shown as.
	 */
	public static final String MASK = "****";

	private UrlMasker() {
	}

	/**
	 * Masks the passwords in the given URL.
	 * @param url the URL, or any text, possibly {@code null}
	 * @return the text with passwords replaced by {@code ****}, the text itself when it
	 * carries no password, or an empty string when {@code url} is {@code null}
	 */
	public static String mask(@Nullable String url) {
		if (url == null) {
			return "";
		}
		return maskUserInfo(maskParameters(url));
	}

	/**
	 * Shows a secret as {@link #MASK}, or says that there is none.
	 * @param secret the secret, possibly {@code null}
	 * @param absent what to show when there is no secret
	 * @return {@link #MASK}, or {@code absent}
	 */
	public static String maskSecret(@Nullable Object secret, String absent) {
		return (secret != null) ? MASK : absent;
	}

	private static String maskParameters(String text) {
		StringBuilder result = new StringBuilder(text.length());
		int copied = 0;
		int equals = text.indexOf('=');
		while (equals >= 0) {
			int next = equals + 1;
			if (isPasswordName(text, equals)) {
				int end = valueEnd(text, next);
				if (end > next) {
					result.append(text, copied, next).append(MASK);
					copied = end;
				}
				next = end;
			}
			equals = text.indexOf('=', next);
		}
		return result.append(text, copied, text.length()).toString();
	}

	private static int valueEnd(String text, int start) {
		int end = indexOrLength(text, '&', start);
		while (end < text.length() && !startsParameter(text, end + 1)) {
			end = indexOrLength(text, '&', end + 1);
		}
		return end;
	}

	private static boolean startsParameter(String text, int start) {
		for (int i = start; i < text.length() && text.charAt(i) != '&'; i++) {
			if (text.charAt(i) == '=') {
				return true;
			}
		}
		return false;
	}

	private static boolean isPasswordName(String text, int equals) {
		int start = equals;
		while (start > 0 && isNameCharacter(text.charAt(start - 1))) {
			start--;
		}
		String name = text.substring(start, equals);
		return name.equalsIgnoreCase("password") || name.equalsIgnoreCase("sslpassword");
	}

	private static boolean isNameCharacter(char ch) {
		return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
	}

	private static String maskUserInfo(String text) {
		StringBuilder result = new StringBuilder(text.length());
		int copied = 0;
		int separator = text.indexOf("://");
		int start = (separator >= 0) ? separator + 3 : 0;
		while (start >= 0) {
			int at = text.lastIndexOf('@', indexOrLength(text, '?', start) - 1);
			int colon = (at >= start) ? text.indexOf(':', start) : -1;
			if (colon >= 0 && colon + 1 < at) {
				result.append(text, copied, colon + 1).append(MASK);
				copied = at;
			}
			separator = text.indexOf("://", Math.max(start, at));
			start = (separator >= 0) ? separator + 3 : -1;
		}
		return result.append(text, copied, text.length()).toString();
	}

	private static int indexOrLength(String text, char ch, int from) {
		int index = text.indexOf(ch, from);
		return (index >= 0) ? index : text.length();
	}

}
