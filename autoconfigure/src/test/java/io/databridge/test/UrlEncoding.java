package io.databridge.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes URL parts the way each dialect's documentation asks.
 *
 * @author Databridge team
 */
public final class UrlEncoding {

	private UrlEncoding() {
	}

	/**
	 * Percent-encodes every byte outside RFC 3986's unreserved set, as a user-info or
	 * libpq parameter value needs.
	 * @param value the raw value
	 * @return the encoded value
	 */
	public static String percentEncode(String value) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

	/**
	 * Form-encodes a value, as pgjdbc decodes query parameters ({@code +} is a space).
	 * @param value the raw value
	 * @return the encoded value
	 */
	public static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
