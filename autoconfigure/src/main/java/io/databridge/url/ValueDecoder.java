package io.databridge.url;

/**
 * Decodes one escaped component of a URL.
 *
 * @author Databridge team
 */
@FunctionalInterface
interface ValueDecoder {

	/**
	 * Decodes the given text.
	 * @param text the text as written in the URL
	 * @param component what the text is, for messages, such as {@code "database name"}
	 * @param secret whether the text is a password, which a message must not quote
	 * @return the decoded text
	 * @throws UrlProblem if the text is not validly encoded
	 */
	String decode(String text, String component, boolean secret);

}
