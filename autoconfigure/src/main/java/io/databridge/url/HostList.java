package io.databridge.url;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The hosts of a URL's authority ({@code h1:5432,[::1]:5433,h3}) with their ports as
 * written, not yet checked.
 *
 * @param names the host names, decoded, IPv6 addresses without brackets
 * @param ports the port of each host as written, {@code null} where none is given
 * @author Databridge team
 */
record HostList(List<String> names, List<@Nullable String> ports) {

	/**
	 * Parses a host list.
	 * @param text the host list as written, possibly empty
	 * @param decoder decodes each host name
	 * @return the host list, empty when the text is
	 */
	static HostList parse(String text, UnaryOperator<String> decoder) {
		HostList hosts = new HostList(new ArrayList<>(), new ArrayList<>());
		int index = 0;
		while (index < text.length()) {
			index = hosts.parseEntry(text, index, decoder);
			if (index == text.length() - 1) {
				throw UrlProblems.emptyHost(text);
			}
			index++;
		}
		return hosts;
	}

	private int parseEntry(String text, int start, UnaryOperator<String> decoder) {
		if (text.charAt(start) == '[') {
			return parseBracketed(text, start, decoder);
		}
		int end = indexOrLength(text, ',', start);
		String entry = text.substring(start, end);
		int colon = entry.indexOf(':');
		String host = (colon >= 0) ? entry.substring(0, colon) : entry;
		if (host.isEmpty()) {
			throw UrlProblems.emptyHost(text);
		}
		add(decoder.apply(host), (colon >= 0) ? entry.substring(colon + 1) : null);
		return end;
	}

	private int parseBracketed(String text, int start, UnaryOperator<String> decoder) {
		int end = indexOrLength(text, ',', start);
		int close = text.indexOf(']', start);
		if (close < 0 || close > end) {
			throw UrlProblems.unclosedIpv6(text.substring(start, end));
		}
		String host = text.substring(start + 1, close);
		if (host.isEmpty()) {
			throw UrlProblems.emptyHost(text);
		}
		String rest = text.substring(close + 1, end);
		if (!rest.isEmpty() && rest.charAt(0) != ':') {
			throw UrlProblems.textAfterIpv6(host, rest);
		}
		add(decoder.apply(host), rest.isEmpty() ? null : rest.substring(1));
		return end;
	}

	private void add(String name, @Nullable String port) {
		this.names.add(name);
		this.ports.add(port);
	}

	private static int indexOrLength(String text, char ch, int from) {
		int index = text.indexOf(ch, from);
		return (index >= 0) ? index : text.length();
	}

}
