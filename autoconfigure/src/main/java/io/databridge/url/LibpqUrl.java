package io.databridge.url;

import java.nio.charset.StandardCharsets;

/**
 * Writes libpq connection URLs ({@code postgresql://host:port/database}) for code that
 * knows a server's address and database but has no URL, such as a container or a Docker
 * Compose service. The URL carries no user or password; those travel separately.
 *
 * @author Databridge team
 */
public final class LibpqUrl {

	private static final String UNRESERVED = "-._~";

	private LibpqUrl() {
	}

	/**
	 * Returns the URL of a database on one server.
	 * @param address the server's host and port
	 * @param database the database name, percent-encoded where needed
	 * @return the URL, such as {@code postgresql://localhost:5432/orders}
	 */
	public static String of(HostAddress address, String database) {
		return "postgresql://" + address + "/" + percentEncode(database);
	}

	private static String percentEncode(String value) {
		StringBuilder encoded = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char ch = (char) (b & 0xFF);
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
					|| UNRESERVED.indexOf(ch) >= 0) {
				encoded.append(ch);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xFF));
			}
		}
		return encoded.toString();
	}

}
