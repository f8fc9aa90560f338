package io.databridge.url;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Decodes percent escapes as libpq does: every {@code %XX} is a byte of UTF-8 text, a
 * {@code +} stays a {@code +}, and an incomplete or non-hexadecimal escape, {@code %00},
 * or bytes that are not UTF-8 are errors.
 *
 * @author Databridge team
 */
final class PercentDecoder {

	private PercentDecoder() {
	}

	/**
	 * Decodes the given text.
	 * @param text the text as written in the URL
	 * @param component what the text is, for messages
	 * @param secret whether the text is a password, which a message must not quote
	 * @return the decoded text
	 */
	static String decode(String text, String component, boolean secret) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		StringBuilder result = new StringBuilder(text.length());
		int index = 0;
		while (index < text.length()) {
			if (text.charAt(index) == '%') {
				index = appendEscapes(text, index, result, component, secret);
			}
			else {
				result.append(text.charAt(index++));
			}
		}
		return result.toString();
	}

	private static int appendEscapes(String text, int start, StringBuilder result, String component, boolean secret) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int index = start;
		while (index < text.length() && text.charAt(index) == '%') {
			bytes.write(escapedByte(text, index, component, secret));
			index += 3;
		}
		result.append(utf8(bytes.toByteArray(), component));
		return index;
	}

	private static int escapedByte(String text, int index, String component, boolean secret) {
		if (index + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(index + 1))
				|| !HexFormat.isHexDigit(text.charAt(index + 2))) {
			String escape = text.substring(index, Math.min(index + 3, text.length()));
			throw UrlProblems.badEscape(component, secret ? null : escape);
		}
		int value = HexFormat.fromHexDigit(text.charAt(index + 1)) * 16
				+ HexFormat.fromHexDigit(text.charAt(index + 2));
		if (value == 0) {
			throw UrlProblems.nulEscape(component);
		}
		return value;
	}

	private static String utf8(byte[] bytes, String component) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw UrlProblems.notUtf8(component);
		}
	}

}
