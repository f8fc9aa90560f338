package io.databridge.sanitize;

import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import io.databridge.url.UrlMasker;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks Databridge's secrets in what actuator's {@code env} and {@code configprops}
 * endpoints show, whatever their {@code show-values} setting. Spring Boot masks nothing
 * by key once values are shown; this function masks:
 * <ul>
 * <li>every password property of Databridge, at the top level or under a named pool or
 * replica, in any of its spellings ({@code databridge.password},
 * {@code databridge.ssl.key-password}, {@code DATABRIDGE_PASSWORD},
 * {@code databridge.ssl.keyPassword} as {@code configprops} names it), entirely;</li>
 * <li>the password in a database URL, in any of Databridge's dialects, whatever the key
 * it is found under ({@code databridge.url}, {@code DATABASE_URL}, a command line),
 * leaving the rest of the URL readable;</li>
 * <li>any value that contains one of the passwords Databridge was configured with,
 * entirely, so that a password copied into another property or environment variable is
 * not shown there either.</li>
 * </ul>
 *
 * @author Databridge team
 */
public final class DatabridgeSanitizingFunction implements SanitizingFunction {

	private static final String PREFIX = "databridge";

	private static final String PASSWORD = "password";

	private final Supplier<Set<String>> secrets;

	/**
	 * Creates a function that masks the given secrets wherever they appear.
	 * @param secrets supplies the passwords Databridge was configured with
	 */
	public DatabridgeSanitizingFunction(Supplier<Set<String>> secrets) {
		this.secrets = secrets;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		if (isDatabridgePassword(data.getKey())) {
			return data.withSanitizedValue();
		}
		if (!(value instanceof CharSequence)) {
			return data;
		}
		String text = value.toString();
		for (String secret : this.secrets.get()) {
			if (!secret.isEmpty() && text.contains(secret)) {
				return data.withSanitizedValue();
			}
		}
		if (isDatabaseUrl(text)) {
			String masked = UrlMasker.mask(text);
			return masked.equals(text) ? data : data.withValue(masked);
		}
		return data;
	}

	private static boolean isDatabridgePassword(String key) {
		String normalized = normalize(key);
		return normalized.startsWith(PREFIX) && normalized.endsWith(PASSWORD);
	}

	private static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString();
	}

	/**
	 * Returns whether the text is, or contains, a PostgreSQL URL in any dialect:
	 * {@code postgresql://}, {@code postgres://}, {@code jdbc:postgresql://},
	 * {@code r2dbc:postgresql://}, {@code postgresql+asyncpg://} and the like.
	 */
	private static boolean isDatabaseUrl(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		int separator = lower.indexOf("://");
		while (separator > 0) {
			int start = separator;
			while (start > 0 && isSchemeCharacter(lower.charAt(start - 1))) {
				start--;
			}
			if (lower.substring(start, separator).contains("postgres")) {
				return true;
			}
			separator = lower.indexOf("://", separator + 3);
		}
		return false;
	}

	private static boolean isSchemeCharacter(char c) {
		return Character.isLetterOrDigit(c) || c == '+' || c == ':' || c == '.' || c == '-';
	}

}
