package io.databridge.url;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a database URL cannot be parsed. The message, the reason and the masked URL
 * never contain a password; control characters in the masked URL are escaped so that it
 * is safe to log.
 *
 * @author Databridge team
 * @see DatabaseUrlParser#parse(String)
 */
public class InvalidDatabaseUrlException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String maskedUrl;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception for the given URL.
	 * @param url the URL as given, possibly with passwords (they are masked here)
	 * @param reason what is wrong, one sentence that must not contain a password
	 * @param action how to fix it
	 */
	public InvalidDatabaseUrlException(@Nullable String url, String reason, String action) {
		super(reason + " (URL: " + displayable(url) + ")");
		this.maskedUrl = displayable(url);
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Returns the URL with every password replaced by {@code ****} and control characters
	 * escaped as {@code \}{@code uXXXX}.
	 * @return the masked URL
	 */
	public String getMaskedUrl() {
		return this.maskedUrl;
	}

	/**
	 * Returns what is wrong with the URL, in one sentence.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Returns how to fix the URL.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	private static String displayable(@Nullable String url) {
		String masked = UrlMasker.mask(url);
		StringBuilder result = new StringBuilder(masked.length());
		for (int i = 0; i < masked.length(); i++) {
			char ch = masked.charAt(i);
			result.append(Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : ch);
		}
		return result.toString();
	}

}
