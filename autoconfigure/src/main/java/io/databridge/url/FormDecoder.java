package io.databridge.url;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes values as pgjdbc does, with {@link URLDecoder}: {@code %XX} escapes are UTF-8
 * bytes and a {@code +} becomes a space.
 *
 * @author Databridge team
 */
final class FormDecoder {

	private FormDecoder() {
	}

	/**
	 * Decodes the given text.
	 * @param text the text as written in the URL
	 * @param component what the text is, for messages
	 * @param secret ignored, as messages never quote the text
	 * @return the decoded text
	 */
	static String decode(String text, String component, boolean secret) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw UrlProblems.badEscape(component, null);
		}
	}

}
